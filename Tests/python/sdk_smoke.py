"""Drives a running Swiftlet server with the official OpenAI and Anthropic Python SDKs.

Usage: python3 sdk_smoke.py BASE_URL API_KEY MODEL

Against the scripted fake service of the Swift tests it checks exact text; against a real model (the lead's
acceptance run) pass --real to check only shapes. Exits non-zero with a message on the first failure.
"""
import json
import sys

import anthropic
import openai

base, key, model = sys.argv[1], sys.argv[2], sys.argv[3]
real = "--real" in sys.argv
checks = 0


def check(cond, what):
    global checks
    checks += 1
    if not cond:
        print(f"FAIL: {what}", file=sys.stderr)
        sys.exit(1)


def expect_error(fn, cls, status, what):
    try:
        fn()
    except cls as e:
        check(e.status_code == status, f"{what}: status {e.status_code} != {status}")
        return e
    except Exception as e:  # noqa: BLE001
        check(False, f"{what}: raised {type(e).__name__} instead of {cls.__name__}: {e}")
    check(False, f"{what}: no error raised")


oai = openai.OpenAI(base_url=base + "/v1", api_key=key, max_retries=0)
msgs = [{"role": "user", "content": "Hello!"}]

# Non-streaming, with the xAI fields.
r = oai.chat.completions.create(model=model, messages=msgs, max_tokens=50, seed=1)
check(r.object == "chat.completion" and r.model == model, "chat.completion shape")
check(r.choices[0].message.role == "assistant", "assistant role")
check(r.usage.total_tokens >= r.usage.prompt_tokens + r.usage.completion_tokens, "usage totals")
check(r.usage.completion_tokens_details.reasoning_tokens is not None, "reasoning_tokens present")
check(r.usage.prompt_tokens_details.cached_tokens is not None, "cached_tokens present")
if not real:
    check(r.choices[0].message.content == "Hello!", f"content {r.choices[0].message.content!r}")
    check(r.choices[0].message.model_extra.get("reasoning_content") == "Thinking.", "reasoning_content")

# Streaming with usage: content joins to the non-streaming content; usage chunk has choices == [].
chunks = list(oai.chat.completions.create(model=model, messages=msgs, max_tokens=50, seed=1, stream=True,
                                          stream_options={"include_usage": True}))
text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
check(chunks[-1].choices == [] and chunks[-1].usage is not None, "final usage chunk")
check(chunks[-1].usage.total_tokens == r.usage.total_tokens or real, "stream usage == non-stream usage")
check(text == r.choices[0].message.content or real, f"stream text {text!r}")

# The SDK's stream helper and accumulator.
with oai.chat.completions.stream(model=model, messages=msgs, max_tokens=50, seed=1) as s:
    final = s.get_final_completion()
check(final.choices[0].message.content == r.choices[0].message.content or real, "stream helper accumulates")

# n = 2.
r2 = oai.chat.completions.create(model=model, messages=msgs, max_tokens=20, n=2)
check([c.index for c in r2.choices] == [0, 1], "n=2 indexes")

# Models.
ids = [m.id for m in oai.models.list()]
check(len(ids) >= 1, "models listed")
check(oai.models.retrieve(ids[0]).id == ids[0], "model retrieve")

# Error classes per status.
expect_error(lambda: oai.chat.completions.create(model="no-such-model", messages=msgs), openai.NotFoundError, 404, "unknown model")
expect_error(lambda: openai.OpenAI(base_url=base + "/v1", api_key="wrong", max_retries=0).models.list(),
             openai.AuthenticationError, 401, "wrong key")
expect_error(lambda: oai.chat.completions.create(model=model, messages=msgs, temperature=5), openai.BadRequestError, 400,
             "bad temperature")
expect_error(lambda: oai.chat.completions.create(model=model, messages=[{"role": "user", "content": 5}]),
             openai.UnprocessableEntityError, 422, "wrong type")
if not real:
    e = expect_error(lambda: oai.chat.completions.create(model=model, messages=[{"role": "user", "content": "OVERLOAD"}]),
                     openai.InternalServerError, 503, "queue full")
    check(e.response.headers.get("retry-after") == "2", "retry-after on 503")

# Anthropic.
ant = anthropic.Anthropic(base_url=base, api_key=key, max_retries=0)
m = ant.messages.create(model=model, max_tokens=100, messages=msgs)
check(m.type == "message" and m.role == "assistant" and m.model == model, "message shape")
texts = [b.text for b in m.content if b.type == "text"]
if not real:
    check(texts == ["Hello!"], f"message text {texts}")
    check([b.type for b in m.content] == ["thinking", "text"], "thinking then text")
with ant.messages.stream(model=model, max_tokens=100, messages=msgs) as s:
    streamed = s.get_final_message()
check([b.type for b in streamed.content] == [b.type for b in m.content], "stream blocks == non-stream blocks")
check(streamed.usage.output_tokens == m.usage.output_tokens or real, "stream usage == non-stream usage")
check(streamed.usage.input_tokens == m.usage.input_tokens, "input tokens")
n = ant.messages.count_tokens(model=model, messages=msgs)
check(n.input_tokens == m.usage.input_tokens + (m.usage.cache_read_input_tokens or 0), "count_tokens == prompt tokens")
expect_error(lambda: ant.messages.create(model="no-such-model", max_tokens=10, messages=msgs), anthropic.NotFoundError, 404,
             "anthropic unknown model")
expect_error(lambda: anthropic.Anthropic(base_url=base, api_key="wrong", max_retries=0).messages.create(
    model=model, max_tokens=10, messages=msgs), anthropic.AuthenticationError, 401, "anthropic wrong key")
expect_error(lambda: ant.messages.create(model=model, max_tokens=10, messages=msgs, extra_body={"temperature": 3}), anthropic.BadRequestError,
             400, "anthropic bad temperature")
if not real:
    expect_error(lambda: ant.messages.create(model=model, max_tokens=10, messages=[{"role": "user", "content": "OVERLOAD"}]),
                 anthropic.InternalServerError, 529, "anthropic overloaded")

print(json.dumps({"checks": checks, "ok": True}))
