"""The reasoning/tools acceptance run: reasoning and tool calling, enforced, on a live `swiftlet serve` with the real model.

Usage: python3 reasoning_tools_acceptance.py BASE_URL API_KEY MODEL [SEEDS]

Over SEEDS (default 50) seeds each, requests go out concurrently (the server batches them):
- tool_choice `required`, named (OpenAI) and `any`, `tool` (Anthropic) always give a call to an offered tool whose
  arguments validate against the tool's JSON schema (checked with the `jsonschema` package), finish `tool_calls` /
  stop `tool_use`;
- tool_choice `none` (both APIs) never gives a call, and the call syntax never shows up in the text;
- reasoning requests (OpenAI `reasoning.max_tokens` of BUDGET, Anthropic `thinking.budget_tokens` of THINKING_BUDGET,
  the least Anthropic accepts) always give a non-empty trace of at most that budget (plus the closing tag's tokens;
  counted by the server and re-counted by tokenizing the trace) with a non-empty answer after it, and reasoning plus
  answer stay within max_tokens.
Then the official SDKs round-trip a two-step tool conversation (call -> result -> answer), streaming and not, and
their stream accumulators must rebuild exactly the non-streamed message (same seed); the Anthropic thinking block
goes back with its signature. Exits non-zero on the first failure; prints one JSON line of counts at the end.
"""
import concurrent.futures
import json
import sys
import time
import urllib.request

import anthropic
import jsonschema
import openai

base, key, model = sys.argv[1], sys.argv[2], sys.argv[3]
seeds = int(sys.argv[4]) if len(sys.argv) > 4 else 50
BUDGET = 24
THINKING_BUDGET = 1024
WORKERS = 8


def check(cond, what):
    if not cond:
        print(f"FAIL: {what}", file=sys.stderr)
        sys.exit(1)


WEATHER = {"type": "object", "properties": {"city": {"type": "string", "maxLength": 20},
                                            "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}},
           "required": ["city", "unit"], "additionalProperties": False}
TIME = {"type": "object", "properties": {"timezone": {"type": "string", "enum": ["UTC", "CET", "PST"]}},
        "required": ["timezone"], "additionalProperties": False}
SCHEMAS = {"get_weather": WEATHER, "get_time": TIME}
OAI_TOOLS = [{"type": "function", "function": {"name": n, "description": d, "parameters": SCHEMAS[n]}}
             for n, d in (("get_weather", "Current weather in a city"), ("get_time", "Current time in a timezone"))]
ANT_TOOLS = [{"name": t["function"]["name"], "description": t["function"]["description"],
              "input_schema": t["function"]["parameters"]} for t in OAI_TOOLS]
ASK = [{"role": "user", "content": "What is the weather in Paris right now?"}]

oai = openai.OpenAI(base_url=base + "/v1", api_key=key, max_retries=0, timeout=600)
ant = anthropic.Anthropic(base_url=base, api_key=key, max_retries=0, timeout=600)


def tokens(text):
    req = urllib.request.Request(base + "/v1/tokenize-text", data=json.dumps({"text": text, "model": model}).encode(),
                                 headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return len(json.load(r)["token_ids"])


CLOSE_TOKENS = tokens("</think>")


def valid(name, arguments, offered):
    check(name in offered, f"call to {name!r}, offered {offered}")
    try:
        jsonschema.validate(arguments, SCHEMAS[name])
    except jsonschema.ValidationError as e:
        check(False, f"{name} arguments {arguments!r} do not match the schema: {e.message}")


def oai_tool(seed, choice, offered, parallel):
    r = oai.chat.completions.create(model=model, messages=ASK, tools=OAI_TOOLS, tool_choice=choice, seed=seed,
                                    temperature=1.0, max_tokens=128, parallel_tool_calls=parallel)
    c = r.choices[0]
    check(c.finish_reason == "tool_calls", f"seed {seed} {choice}: finish {c.finish_reason}, text {c.message.content!r}")
    check(c.message.tool_calls and (parallel or len(c.message.tool_calls) == 1), f"seed {seed}: calls {c.message.tool_calls}")
    for call in c.message.tool_calls:
        check(call.id.startswith("call_") and call.type == "function", f"call id/type {call}")
        valid(call.function.name, json.loads(call.function.arguments), offered)
    check("<tool_call>" not in (c.message.content or ""), "call syntax leaked into content")
    return len(c.message.tool_calls)


def ant_tool(seed, choice, offered, parallel):
    choice = dict(choice, disable_parallel_tool_use=not parallel)
    m = ant.messages.create(model=model, max_tokens=128, messages=ASK, tools=ANT_TOOLS, tool_choice=choice,
                            extra_body={"seed": seed, "temperature": 1.0})
    uses = [b for b in m.content if b.type == "tool_use"]
    check(m.stop_reason == "tool_use" and uses, f"seed {seed} {choice}: stop {m.stop_reason}, content {m.content}")
    check(parallel or len(uses) == 1, f"seed {seed}: {len(uses)} calls with parallel use disabled")
    for u in uses:
        check(u.id.startswith("toolu_"), f"tool_use id {u.id}")
        valid(u.name, u.input, offered)
    return len(uses)


def oai_none(seed):
    r = oai.chat.completions.create(model=model, messages=ASK, tools=OAI_TOOLS, tool_choice="none", seed=seed,
                                    temperature=1.0, max_tokens=24)
    c = r.choices[0]
    check(not c.message.tool_calls and c.finish_reason in ("stop", "length"), f"seed {seed} none: {c}")
    check("<tool_call>" not in (c.message.content or ""), f"seed {seed} none: call syntax in {c.message.content!r}")


def ant_none(seed):
    m = ant.messages.create(model=model, max_tokens=24, messages=ASK, tools=ANT_TOOLS, tool_choice={"type": "none"},
                            extra_body={"seed": seed, "temperature": 1.0})
    check(all(b.type == "text" for b in m.content) and m.stop_reason != "tool_use", f"seed {seed} none: {m.content}")
    check(all("<tool_call>" not in b.text for b in m.content), f"seed {seed} none: call syntax in text")


# Room for the whole budget: the trace and its tag may take half of max_tokens, the answer keeps the rest.
OAI_REASONING_CAP = 2 * BUDGET + 16


def oai_reasoning(seed):
    r = oai.chat.completions.create(model=model, messages=[{"role": "user", "content": "Is 91 a prime number?"}],
                                    seed=seed, temperature=1.0, max_tokens=OAI_REASONING_CAP,
                                    extra_body={"reasoning": {"max_tokens": BUDGET}})
    m = r.choices[0].message
    trace = getattr(m, "reasoning_content", None) or (m.model_extra or {}).get("reasoning_content")
    check(trace and trace.strip(), f"seed {seed}: empty reasoning trace")
    counted = r.usage.completion_tokens_details.reasoning_tokens
    # The closing tag is forced after the budget; spelled by the model it may take up to one token per byte.
    check(0 < counted <= BUDGET + len("</think>"), f"seed {seed}: {counted} reasoning tokens > budget {BUDGET} + tag")
    check(tokens(trace) <= BUDGET + 2, f"seed {seed}: trace re-tokenizes to {tokens(trace)} > {BUDGET}")
    check(m.content and m.content.strip(), f"seed {seed}: no answer after the trace")
    check("</think>" not in m.content and "</think>" not in trace, f"seed {seed}: tag leaked")
    # max_tokens bounds reasoning plus answer (whichever way completion_tokens counts the reasoning).
    generated = max(r.usage.completion_tokens, r.usage.total_tokens - r.usage.prompt_tokens)
    check(generated <= OAI_REASONING_CAP, f"seed {seed}: {generated} tokens generated > max_tokens {OAI_REASONING_CAP}")
    return counted


def ant_reasoning(seed):
    m = ant.messages.create(model=model, max_tokens=THINKING_BUDGET + 40,
                            thinking={"type": "enabled", "budget_tokens": THINKING_BUDGET},
                            messages=[{"role": "user", "content": "Is 91 a prime number?"}],
                            extra_body={"seed": seed, "temperature": 1.0})
    check([b.type for b in m.content][:1] == ["thinking"], f"seed {seed}: blocks {[b.type for b in m.content]}")
    trace = m.content[0].thinking
    check(trace.strip() and m.content[0].signature.startswith("sig_"), f"seed {seed}: empty trace or no signature")
    check(tokens(trace) <= THINKING_BUDGET + 2, f"seed {seed}: trace of {tokens(trace)} tokens > budget {THINKING_BUDGET}")
    texts = [b.text for b in m.content if b.type == "text"]
    check(texts and texts[0].strip(), f"seed {seed}: no answer after the thinking block")
    check(m.usage.output_tokens <= THINKING_BUDGET + 40, f"seed {seed}: {m.usage.output_tokens} output tokens > max_tokens")
    return tokens(trace)


ONLY = set(sys.argv[5].split(",")) if len(sys.argv) > 5 else None


def run_all(name, fn, *args):
    if ONLY is not None and name not in ONLY:
        return [0]
    t0 = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(WORKERS) as pool:
        out = list(pool.map(lambda s: fn(s, *args), range(1, seeds + 1)))
    timings[name] = round(time.monotonic() - t0, 1)
    print(f"{name}: {timings[name]} s", file=sys.stderr, flush=True)
    return out


timings = {}
counts = {}
both = ["get_weather", "get_time"]
counts["oai_required_calls"] = sum(run_all("oai_required", oai_tool, "required", both, True))
counts["oai_named_calls"] = sum(run_all("oai_named", oai_tool, {"type": "function", "function": {"name": "get_time"}},
                                        ["get_time"], False))
counts["ant_any_calls"] = sum(run_all("ant_any", ant_tool, {"type": "any"}, both, False))
counts["ant_tool_calls"] = sum(run_all("ant_tool", ant_tool, {"type": "tool", "name": "get_weather"}, ["get_weather"], True))
run_all("oai_none", oai_none)
run_all("ant_none", ant_none)
traces = run_all("oai_reasoning", oai_reasoning)
counts["oai_reasoning_tokens_max"] = max(traces)
counts["ant_thinking_tokens_max"] = max(run_all("ant_reasoning", ant_reasoning))

# --- Two-step tool conversations through the SDKs; stream accumulators must equal the non-streamed message. ---
kw = dict(model=model, messages=ASK, tools=OAI_TOOLS, tool_choice="required", seed=11, temperature=1.0, max_tokens=96,
          parallel_tool_calls=False)
first = oai.chat.completions.create(**kw)
with oai.chat.completions.stream(**kw) as s:
    streamed = s.get_final_completion()
a, b = first.choices[0].message, streamed.choices[0].message
check([(c.id, c.function.name, c.function.arguments) for c in a.tool_calls]
      == [(c.id, c.function.name, c.function.arguments) for c in b.tool_calls], "openai step 1: stream != non-stream")
call = a.tool_calls[0]
history = ASK + [{"role": "assistant", "content": None, "tool_calls": [
    {"id": call.id, "type": "function", "function": {"name": call.function.name, "arguments": call.function.arguments}}]},
    {"role": "tool", "tool_call_id": call.id, "content": json.dumps({"temp_c": 21, "sky": "clear"})}]
kw2 = dict(model=model, messages=history, tools=OAI_TOOLS, tool_choice="none", seed=12, temperature=1.0, max_tokens=40)
second = oai.chat.completions.create(**kw2)
with oai.chat.completions.stream(**kw2) as s:
    streamed2 = s.get_final_completion()
check(second.choices[0].message.content and second.choices[0].message.content == streamed2.choices[0].message.content,
      "openai step 2: answer missing or stream != non-stream")

akw = dict(model=model, max_tokens=THINKING_BUDGET + 96, messages=ASK, tools=ANT_TOOLS, tool_choice={"type": "any"},
           thinking={"type": "enabled", "budget_tokens": THINKING_BUDGET}, extra_body={"seed": 13, "temperature": 1.0})
m1 = ant.messages.create(**akw)
with ant.messages.stream(**akw) as s:
    sm1 = s.get_final_message()
check([x.model_dump() for x in m1.content] == [x.model_dump() for x in sm1.content], "anthropic step 1: stream != non-stream")
check(m1.stop_reason == "tool_use" and sm1.stop_reason == "tool_use", "anthropic step 1: stop reason")
use = next(x for x in m1.content if x.type == "tool_use")
ahistory = ASK + [{"role": "assistant", "content": [x.model_dump(exclude_none=True) for x in m1.content]},
                  {"role": "user", "content": [{"type": "tool_result", "tool_use_id": use.id, "content": "21C, clear"}]}]
akw2 = dict(model=model, max_tokens=THINKING_BUDGET + 40, messages=ahistory, tools=ANT_TOOLS, tool_choice={"type": "none"},
            thinking={"type": "enabled", "budget_tokens": THINKING_BUDGET}, extra_body={"seed": 14, "temperature": 1.0})
m2 = ant.messages.create(**akw2)
with ant.messages.stream(**akw2) as s:
    sm2 = s.get_final_message()
check([x.model_dump() for x in m2.content] == [x.model_dump() for x in sm2.content], "anthropic step 2: stream != non-stream")
check(any(x.type == "text" and x.text.strip() for x in m2.content), "anthropic step 2: no answer")
# A tampered thinking block is refused.
bad = json.loads(json.dumps(ahistory))
bad[1]["content"][0]["thinking"] += " (edited)"
try:
    ant.messages.create(**dict(akw2, messages=bad))
    check(False, "tampered thinking block accepted")
except anthropic.BadRequestError as e:
    check("signature" in str(e), f"tampered thinking: {e}")

print(json.dumps({"ok": True, "seeds": seeds, "budget": BUDGET, "thinking_budget": THINKING_BUDGET,
                  "close_tag_tokens": CLOSE_TOKENS, **counts,
                  "seconds": timings}))
