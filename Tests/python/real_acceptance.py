"""Acceptance run of the HTTP API against a live `swiftlet serve` on the real default model.

Usage: python3 real_acceptance.py BASE_URL API_KEY [MODEL]

MODEL defaults to grok-3-mini; the CLI test passes the plain served name, because the grok-3-mini names always reason
(the reasoning acceptance run) and this run checks the API mechanics, not reasoning (Tests/python/reasoning_tools_acceptance.py does).

Uses the official openai and anthropic SDKs and curl exactly as the hosted quick-starts show. Checks that seeded
stream and non-stream answers are identical (content and usage), error classes per status, and runs a bounded load
test (32 concurrent streaming clients, 64 tokens each) reporting requests/s and time-to-first-token percentiles.
Exits non-zero with a message on the first failure; prints one JSON line of measurements at the end.
"""
import json
import subprocess
import sys
import threading
import time

import anthropic
import openai

base, key = sys.argv[1], sys.argv[2]
model = sys.argv[3] if len(sys.argv) > 3 else "grok-3-mini"


def check(cond, what):
    if not cond:
        print(f"FAIL: {what}", file=sys.stderr)
        sys.exit(1)


def expect_error(fn, cls, status, what):
    try:
        fn()
    except cls as e:
        check(e.status_code == status, f"{what}: status {e.status_code} != {status}")
        return
    except Exception as e:  # noqa: BLE001
        check(False, f"{what}: raised {type(e).__name__}: {e}")
    check(False, f"{what}: no error raised")


oai = openai.OpenAI(base_url=base + "/v1", api_key=key, max_retries=0, timeout=300)
msgs = [{"role": "system", "content": "You are terse."}, {"role": "user", "content": "Name three fruits."}]

# Seeded sampling: the same request streamed and not gives the same text and usage.
kw = dict(model=model, messages=msgs, max_tokens=40, seed=7, temperature=1.0)
r = oai.chat.completions.create(**kw)
check(r.object == "chat.completion" and r.model == model, "chat.completion shape, model echoed")
check(r.system_fingerprint and r.id and r.created, "id, created, system_fingerprint")
check(r.choices[0].message.role == "assistant" and r.choices[0].message.content, "assistant content")
check(r.choices[0].finish_reason in ("stop", "length"), "finish_reason")
chunks = list(oai.chat.completions.create(**kw, stream=True, stream_options={"include_usage": True}))
text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
check(text == r.choices[0].message.content, f"stream text {text!r} != {r.choices[0].message.content!r}")
# Usage agrees except for the prompt cache: the repeat finds all but the prompt's last token cached.
def uncached(u):
    d = u.model_dump()
    d.pop("prompt_tokens_details", None)
    d.pop("cost_in_usd_ticks", None)  # priced lower when cached
    return d
su = chunks[-1].usage
check(chunks[-1].choices == [] and uncached(su) == uncached(r.usage), "stream usage == non-stream")
cached = su.prompt_tokens_details.cached_tokens if su.prompt_tokens_details else None
check(cached == su.prompt_tokens - 1, f"repeat prompt: cached_tokens {cached}, prompt_tokens {su.prompt_tokens}")
with oai.chat.completions.stream(**kw) as s:
    try:
        final = s.get_final_completion()
    except openai.LengthFinishReasonError as e:
        # The SDK will not "parse" an answer the token cap cut, but it has accumulated it all the same.
        final = e.completion
check(final.choices[0].message.content == r.choices[0].message.content, "SDK stream accumulator")

# n=2, stop strings never leaked, logprobs.
r2 = oai.chat.completions.create(model=model, messages=msgs, max_tokens=20, n=2, seed=3)
check([c.index for c in r2.choices] == [0, 1], "n=2 indexes")
r3 = oai.chat.completions.create(model=model, messages=msgs, max_tokens=40, temperature=0, stop=["\n"])
check("\n" not in (r3.choices[0].message.content or ""), "stop string not leaked")
r4 = oai.chat.completions.create(model=model, messages=msgs, max_tokens=5, temperature=0, logprobs=True, top_logprobs=3)
lp = r4.choices[0].logprobs.content
check(len(lp) >= 1 and all(len(t.top_logprobs) == 3 and t.logprob <= 0 for t in lp), "logprobs with top 3")
check(len(list(oai.models.list())) >= 1, "models list")

expect_error(lambda: oai.chat.completions.create(model="no-such-model", messages=msgs), openai.NotFoundError, 404, "404")
expect_error(lambda: openai.OpenAI(base_url=base + "/v1", api_key="wrong", max_retries=0).models.list(),
             openai.AuthenticationError, 401, "401")
expect_error(lambda: oai.chat.completions.create(model=model, messages=msgs, temperature=5), openai.BadRequestError, 400, "400")
expect_error(lambda: oai.chat.completions.create(model=model, messages=[{"role": "user", "content": "x " * 20000}]),
             openai.BadRequestError, 400, "context overflow")

# Anthropic: create, stream (identical at temperature 0), count_tokens equals input_tokens.
ant = anthropic.Anthropic(base_url=base, api_key=key, max_retries=0, timeout=300)
amsgs = [{"role": "user", "content": "Name three fruits."}]
m = ant.messages.create(model=model, max_tokens=40, messages=amsgs, system="You are terse.", extra_body={"temperature": 0})
check(m.type == "message" and m.model == model and m.content and m.content[-1].type == "text", "message shape")
with ant.messages.stream(model=model, max_tokens=40, messages=amsgs, system="You are terse.", extra_body={"temperature": 0}) as s:
    sm = s.get_final_message()
check([b.model_dump() for b in sm.content] == [b.model_dump() for b in m.content], "anthropic stream == non-stream")
# Anthropic's convention: input_tokens excludes the prompt tokens read from the cache (cache_read_input_tokens);
# the repeat finds all but the prompt's last token cached, and the stream's final counts say so too.
def prompt_total(u):
    return u.input_tokens + (u.cache_read_input_tokens or 0)
check(sm.usage.output_tokens == m.usage.output_tokens and prompt_total(sm.usage) == prompt_total(m.usage), "usage")
check(sm.usage.input_tokens == 1 and sm.usage.cache_read_input_tokens == prompt_total(sm.usage) - 1,
      f"repeat prompt: input {sm.usage.input_tokens}, cache read {sm.usage.cache_read_input_tokens}")
n = ant.messages.count_tokens(model=model, messages=amsgs, system="You are terse.")
check(n.input_tokens == prompt_total(m.usage), f"count_tokens {n.input_tokens} != {prompt_total(m.usage)}")

# The hosted quick-starts, sent with curl exactly as written (only host and key changed).
ml = subprocess.run(["curl", "-s", "-X", "POST", base + "/api/v7/llm/chat/completions", "-H",
                     "Content-Type: application/json", "-d",
                     json.dumps({"model_id": "x-ai-grok-3-mini", "messages": [{"role": "user", "content": "Hello!"}],
                                 "max_tokens": 1000, "key": key})], capture_output=True, text=True, timeout=600)
body = json.loads(ml.stdout)
check(body.get("choices") and body["choices"][0]["message"]["role"] == "assistant", f"ModelsLab quick-start: {ml.stdout[:300]}")
aiml = subprocess.run(["curl", "-s", base + "/v1/chat/completions", "-H", f"Authorization: Bearer {key}", "-H",
                       "Content-Type: application/json", "-d",
                       json.dumps({"model": "x-ai/grok-3-mini-beta", "messages": [{"role": "user", "content": "Hello!"}],
                                   "max_tokens": 64})], capture_output=True, text=True, timeout=600)
body = json.loads(aiml.stdout)
msg = body["choices"][0]["message"]
check(all(k in body for k in ("id", "object", "created", "model", "system_fingerprint", "usage")), "AI/ML fields")
check(all(k in msg for k in ("role", "content", "reasoning_content", "refusal")), f"AI/ML message fields {list(msg)}")
check(body["model"] == "x-ai/grok-3-mini-beta", "model echoed")

# Bounded load: 32 concurrent streaming clients, 64 tokens each.
results, lock = [], threading.Lock()


def client(i):
    c = openai.OpenAI(base_url=base + "/v1", api_key=key, max_retries=0, timeout=600)
    t0 = time.monotonic()
    ttft, n, err = None, 0, None
    try:
        for ch in c.chat.completions.create(model=model, messages=[{"role": "user", "content": f"Story {i}:"}],
                                            max_tokens=64, seed=i, stream=True):
            if ch.choices and ch.choices[0].delta.content:
                ttft = ttft or time.monotonic() - t0
                n += 1
    except Exception as e:  # noqa: BLE001
        err = repr(e)
    with lock:
        results.append((ttft, time.monotonic() - t0, n, err))


start = time.monotonic()
threads = [threading.Thread(target=client, args=(i,)) for i in range(32)]
for t in threads:
    t.start()
for t in threads:
    t.join(900)
wall = time.monotonic() - start
errors = [r[3] for r in results if r[3]]
check(len(results) == 32 and not errors, f"load test errors: {errors[:3]}")
ttfts = sorted(r[0] for r in results if r[0] is not None)
check(len(ttfts) == 32, "every client got content")


def pct(p):
    return ttfts[min(len(ttfts) - 1, int(p * len(ttfts)))]


health = subprocess.run(["curl", "-s", base + "/health"], capture_output=True, text=True).stdout
print(json.dumps({"ok": True, "load_clients": 32, "wall_s": round(wall, 2), "requests_per_s": round(32 / wall, 2),
                  "ttft_p50_s": round(pct(0.5), 3), "ttft_p99_s": round(pct(0.99), 3),
                  "tokens_streamed": sum(r[2] for r in results), "health": health}))
