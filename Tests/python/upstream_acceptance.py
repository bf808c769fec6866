"""The upstream acceptance run: `swiftlet serve` processes on the default model are the upstreams of a proxying
`swiftlet serve` that loads no weights, all on loopback.

Usage: python3 upstream_acceptance.py SWIFTLET_BINARY

Checks, in order (exits non-zero on the first failure, prints one JSON line of measurements at the end):
1. The proxy serves upstream models only and loads no weights; its /v1/models lists them.
2. Parity: the official OpenAI and Anthropic SDKs get the same tokens from the proxy as from the upstream directly
   (greedy, same seed), streamed and not, tools and tool results included, through an OpenAI-compatible upstream
   (Anthropic clients translated both ways) and through an Anthropic-compatible one (OpenAI clients translated both
   ways); legacy text completions too.
3. Billing: the proxy's ledger has a row per request, at the proxy's prices for its upstream model, with the
   upstream's token counts, and each response's `cost_in_usd_ticks` equals its row.
4. Failover: with two upstream URLs, one is killed mid-test and requests keep succeeding; with both down the client
   gets a 502 or 503 in its API's shape within the configured timeout.
"""
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import anthropic
import openai

binary = sys.argv[1]
MODEL = "smollm2-135m-instruct"
workdir = tempfile.mkdtemp(prefix="swiftlet-upstream-")
database = os.path.join(workdir, "proxy.sqlite")
measurements = {}
PRICE_IN, PRICE_OUT = 1000.0, 3000.0  # USD per million tokens: the proxy's own price for its upstream model
SEED = 7
ASK = [{"role": "system", "content": "You are terse."},
       {"role": "user", "content": "Name three colours of the rainbow."}]
TOOLS = [{"type": "function", "function": {"name": "get_weather", "description": "Current weather in a city",
          "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}]
ANTHROPIC_TOOLS = [{"name": "get_weather", "description": "Current weather in a city",
                    "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}]
WEATHER = [{"role": "user", "content": "What is the weather in Paris?"}]


def check(cond, what):
    if not cond:
        print(f"FAIL: {what}", file=sys.stderr)
        sys.exit(1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A `swiftlet serve` process on its own port, logging to a file."""

    def __init__(self, name, args):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = os.path.join(workdir, f"{name}.log")
        self.name = name
        self.args = args
        self.proc = None

    def start(self):
        log = open(self.log_path, "a")
        self.proc = subprocess.Popen([binary, "serve", "--port", str(self.port), *self.args],
                                     stdout=log, stderr=subprocess.STDOUT)
        return self

    def wait(self):
        deadline = time.time() + 120
        while time.time() < deadline:
            check(self.proc.poll() is None, f"server {self.name} exited: see {self.log_path}")
            try:
                with urllib.request.urlopen(self.base + "/health", timeout=2) as r:
                    if r.status == 200:
                        return json.loads(r.read())
            except Exception:
                time.sleep(0.2)
        check(False, f"server {self.name} did not start")

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


def cli_json(*args):
    out = subprocess.run([binary, *args, "--database", database, "--json"], capture_output=True, text=True, timeout=60)
    check(out.returncode == 0, f"swiftlet {' '.join(args)} failed: {out.stderr}")
    return json.loads(out.stdout)


def openai_text(client, model, stream, **kw):
    """Content (or tool calls) and usage of one chat completion."""
    args = dict(model=model, temperature=0, seed=SEED, **kw)
    if not stream:
        r = client.chat.completions.create(**args)
        m = r.choices[0].message
        calls = [(c.id, c.function.name, c.function.arguments) for c in (m.tool_calls or [])]
        return {"content": m.content or "", "calls": calls, "finish": r.choices[0].finish_reason, "usage": r.usage, "id": r.id}
    content, calls, finish, usage, rid = "", {}, None, None, None
    for chunk in client.chat.completions.create(stream=True, stream_options={"include_usage": True}, **args):
        rid = chunk.id
        if chunk.usage:
            usage = chunk.usage
        for c in chunk.choices:
            content += c.delta.content or ""
            for t in c.delta.tool_calls or []:
                entry = calls.setdefault(t.index, ["", "", ""])
                entry[0] += t.id or ""
                entry[1] += (t.function.name or "") if t.function else ""
                entry[2] += (t.function.arguments or "") if t.function else ""
            finish = c.finish_reason or finish
    return {"content": content, "calls": [tuple(calls[k]) for k in sorted(calls)], "finish": finish, "usage": usage, "id": rid}


def anthropic_text(client, model, stream, **kw):
    """Text (or tool uses) and usage of one message."""
    # Recent SDKs have no `temperature` argument; the body field still works.
    args = dict(model=model, max_tokens=kw.pop("max_tokens"), extra_body={"temperature": 0, "seed": SEED}, **kw)
    if stream:
        cost = None
        with client.messages.stream(**args) as s:
            for event in s:
                # The accumulated message drops unknown usage fields; the final message_delta has the cost.
                if event.type == "message_delta":
                    cost = (event.usage.model_extra or {}).get("cost_in_usd_ticks")
            m = s.get_final_message()
    else:
        m = client.messages.create(**args)
        cost = (m.usage.model_extra or {}).get("cost_in_usd_ticks")
    text = "".join(b.text for b in m.content if b.type == "text")
    uses = [(b.id, b.name, json.dumps(b.input, sort_keys=True)) for b in m.content if b.type == "tool_use"]
    return {"content": text, "calls": uses, "finish": m.stop_reason, "usage": m.usage, "id": m.id, "cost": cost}


def same(direct, proxied, what, ids=True):
    check(direct["content"] == proxied["content"], f"{what}: same text ({direct['content']!r} vs {proxied['content']!r})")
    d_calls = direct["calls"] if ids else [c[1:] for c in direct["calls"]]
    p_calls = proxied["calls"] if ids else [c[1:] for c in proxied["calls"]]
    check(d_calls == p_calls, f"{what}: same tool calls ({d_calls} vs {p_calls})")
    check(direct["finish"] == proxied["finish"], f"{what}: same finish ({direct['finish']} vs {proxied['finish']})")


def parity(upstream, proxy, secret):
    d_oai = openai.OpenAI(base_url=upstream.base + "/v1", api_key="none", max_retries=0)
    p_oai = openai.OpenAI(base_url=proxy.base + "/v1", api_key=secret, max_retries=0)
    d_ant = anthropic.Anthropic(base_url=upstream.base, api_key="none", max_retries=0)
    p_ant = anthropic.Anthropic(base_url=proxy.base, api_key=secret, max_retries=0)
    ids = []
    cases = 0
    for stream in (False, True):
        # OpenAI client, OpenAI-compatible upstream.
        d = openai_text(d_oai, MODEL, stream, messages=ASK, max_tokens=24)
        p = openai_text(p_oai, "small", stream, messages=ASK, max_tokens=24)
        same(d, p, f"OpenAI → OpenAI upstream (stream={stream})")
        check(d["content"], "the model said something")
        check(p["usage"].prompt_tokens == d["usage"].prompt_tokens and
              p["usage"].completion_tokens == d["usage"].completion_tokens, "the upstream's usage passes through")
        ids.append((p["id"], p["usage"].model_extra["cost_in_usd_ticks"]))
        d = openai_text(d_oai, MODEL, stream, messages=WEATHER, max_tokens=64, tools=TOOLS, tool_choice="required")
        p = openai_text(p_oai, "small", stream, messages=WEATHER, max_tokens=64, tools=TOOLS, tool_choice="required")
        same(d, p, f"OpenAI tools → OpenAI upstream (stream={stream})")
        check(p["calls"] and p["calls"][0][1] == "get_weather" and json.loads(p["calls"][0][2]) is not None,
              "a tool call with JSON arguments")
        ids.append((p["id"], p["usage"].model_extra["cost_in_usd_ticks"]))
        # Anthropic client, OpenAI-compatible upstream: translated to the OpenAI wire and back.
        d = anthropic_text(d_ant, MODEL, stream, messages=ASK[1:], system=ASK[0]["content"], max_tokens=24)
        p = anthropic_text(p_ant, "small", stream, messages=ASK[1:], system=ASK[0]["content"], max_tokens=24)
        same(d, p, f"Anthropic → OpenAI upstream (stream={stream})")
        check(p["usage"].output_tokens == d["usage"].output_tokens, "Anthropic output tokens pass through")
        ids.append((p["id"], p["cost"]))
        d = anthropic_text(d_ant, MODEL, stream, messages=WEATHER, max_tokens=64, tools=ANTHROPIC_TOOLS,
                           tool_choice={"type": "any"})
        p = anthropic_text(p_ant, "small", stream, messages=WEATHER, max_tokens=64, tools=ANTHROPIC_TOOLS,
                           tool_choice={"type": "any"})
        same(d, p, f"Anthropic tools → OpenAI upstream (stream={stream})")
        check(p["finish"] == "tool_use" and p["calls"][0][0].startswith("toolu_"), "tool_use blocks with toolu_ ids")
        ids.append((p["id"], p["cost"]))
        # OpenAI client, Anthropic-compatible upstream (the other direction). No seed crosses Anthropic's wire, so
        # tool-call ids differ; greedy text and arguments do not.
        d = openai_text(d_oai, MODEL, stream, messages=ASK, max_tokens=24)
        p = openai_text(p_oai, "small-anthropic", stream, messages=ASK, max_tokens=24)
        same(d, p, f"OpenAI → Anthropic upstream (stream={stream})")
        d = openai_text(d_oai, MODEL, stream, messages=WEATHER, max_tokens=64, tools=TOOLS, tool_choice="required")
        p = openai_text(p_oai, "small-anthropic", stream, messages=WEATHER, max_tokens=64, tools=TOOLS,
                        tool_choice="required")
        same(d, p, f"OpenAI tools → Anthropic upstream (stream={stream})", ids=False)
        ids.append((p["id"], p["usage"].model_extra["cost_in_usd_ticks"]))
        cases += 6
    # A tool result goes back up and the conversation continues the same way.
    turn = WEATHER + [{"role": "assistant", "content": None, "tool_calls": [
        {"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\": \"Paris\"}"}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": "{\"temp_c\": 21}"}]
    d = openai_text(d_oai, MODEL, False, messages=turn, max_tokens=24, tools=TOOLS)
    p = openai_text(p_oai, "small", False, messages=turn, max_tokens=24, tools=TOOLS)
    same(d, p, "OpenAI tool result → OpenAI upstream")
    a_turn = WEATHER + [{"role": "assistant", "content": [{"type": "tool_use", "id": "toolu_1", "name": "get_weather",
                                                          "input": {"city": "Paris"}}]},
                        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "toolu_1",
                                                      "content": "{\"temp_c\": 21}"}]}]
    d = anthropic_text(d_ant, MODEL, False, messages=a_turn, max_tokens=24, tools=ANTHROPIC_TOOLS)
    p = anthropic_text(p_ant, "small", False, messages=a_turn, max_tokens=24, tools=ANTHROPIC_TOOLS)
    same(d, p, "Anthropic tool result → OpenAI upstream")
    # Legacy text completions go to the upstream's /completions.
    for stream in (False, True):
        texts = []
        for client, model in ((d_oai, MODEL), (p_oai, "small")):
            r = client.completions.create(model=model, prompt="Once upon a time", max_tokens=16, temperature=0,
                                          seed=SEED, stream=stream)
            texts.append("".join(c.choices[0].text for c in r if c.choices) if stream else r.choices[0].text)
        check(texts[0] and texts[0] == texts[1], f"text completion (stream={stream}): {texts}")
    measurements["parity_cases"] = cases + 4
    return ids


def billing(proxy, secret, key_id, ids):
    rows = {e["id"]: e for e in cli_json("usage", "--key", key_id, "--limit", "1000")["data"]}
    ticks_in, ticks_out = round(PRICE_IN * 10_000), round(PRICE_OUT * 10_000)
    for rid, cost in ids:
        row = rows.get(rid)
        check(row is not None, f"the proxy's ledger has a row for {rid}")
        check(row["model"] == "small" or row["model"] == "small-anthropic", f"the row names the upstream model: {row}")
        check(row["status"] == "completed", f"the row is completed: {row}")
        expected = ((row["prompt_tokens"] - row["cached_tokens"]) * ticks_in + row["cached_tokens"] * ticks_in
                    + (row["completion_tokens"] + row["reasoning_tokens"]) * ticks_out)
        check(row["cost_in_usd_ticks"] == expected, f"billed at the proxy's prices: {row} (expected {expected})")
        check(cost == expected, f"the response's cost_in_usd_ticks ({cost}) equals its ledger row ({expected})")
    measurements["billed_rows"] = len(ids)


def failover(proxy, secret, second):
    client = openai.OpenAI(base_url=proxy.base + "/v1", api_key=secret, max_retries=0)
    ant = anthropic.Anthropic(base_url=proxy.base, api_key=secret, max_retries=0)
    ok = 0
    for i in range(10):
        if i == 4:
            second.kill()
        if i % 2 == 0:
            r = client.chat.completions.create(model="pair", messages=ASK, max_tokens=4, temperature=0)
            check(r.choices[0].message.content, f"request {i} through the pair succeeded")
        else:
            m = ant.messages.create(model="pair", messages=ASK[1:], max_tokens=4, extra_body={"temperature": 0})
            check(m.content, f"request {i} through the pair succeeded (Anthropic)")
        ok += 1
    measurements["failover_ok"] = ok
    with open(proxy.log_path, errors="replace") as f:
        failed = sum(1 for line in f if "upstream attempt failed" in line and f"127.0.0.1:{second.port}" in line)
    check(failed >= 1, "requests met the killed URL and went on to the other one")
    measurements["failed_attempts_on_killed_url"] = failed


def all_down(proxy, secret, first):
    first.kill()
    client = openai.OpenAI(base_url=proxy.base + "/v1", api_key=secret, max_retries=0)
    ant = anthropic.Anthropic(base_url=proxy.base, api_key=secret, max_retries=0)
    start = time.time()
    try:
        client.chat.completions.create(model="pair", messages=ASK, max_tokens=4, stream=True)
        check(False, "no upstream left: the request fails")
    except openai.APIStatusError as e:
        check(e.status_code in (502, 503), f"OpenAI client gets 502/503, got {e.status_code}")
        body = e.response.json()
        check(body["error"]["type"] == "server_error" and body["error"]["code"].startswith("upstream_"),
              f"OpenAI error shape: {body}")
    try:
        ant.messages.create(model="pair", messages=ASK[1:], max_tokens=4)
        check(False, "no upstream left: the Anthropic request fails")
    except anthropic.APIStatusError as e:
        check(e.status_code in (502, 503), f"Anthropic client gets 502/503, got {e.status_code}")
        body = e.response.json()
        check(body["type"] == "error" and body["error"]["type"] in ("api_error", "overloaded_error"),
              f"Anthropic error shape: {body}")
    elapsed = time.time() - start
    check(elapsed < 5, f"both down answered within the configured timeout (5 s): {elapsed:.2f} s")
    measurements["all_down_s"] = round(elapsed, 3)


def main():
    started = time.time()
    first = Server("upstream-a", ["--database", "none", "--slots", "2", "--context", "1024"]).start()
    second = Server("upstream-b", ["--database", "none", "--slots", "2", "--context", "1024"]).start()
    for s in (first, second):
        s.wait()
    a, b = first.base + "/v1", second.base + "/v1"
    proxy = Server("proxy", [
        "--database", database, "--log-level", "debug",
        "--upstream", f"small={a}#{MODEL}",
        "--upstream", f"small-anthropic={first.base}#{MODEL}", "--upstream-api", "small-anthropic=anthropic",
        "--upstream", f"pair={a}#{MODEL}", "--upstream", f"pair={b}",
        "--upstream-option", "pair:model=" + MODEL,
        "--upstream-option", f"small:price={PRICE_IN},{PRICE_OUT}",
        "--upstream-option", f"small-anthropic:price={PRICE_IN},{PRICE_OUT}",
        "--upstream-option", "pair:first-byte-timeout=5", "--upstream-option", "pair:connect-timeout=2",
    ]).start()
    servers = [first, second, proxy]
    try:
        health = proxy.wait()
        check(health["models"] == ["small", "small-anthropic", "pair"], f"the proxy serves its upstream models: {health}")
        with open(proxy.log_path, errors="replace") as f:
            check(" loaded " not in f.read(), "the proxy loaded no weights")
        listed = json.loads(urllib.request.urlopen(proxy.base + "/v1/models", timeout=5).read())
        check([m["id"] for m in listed["data"]] == ["small", "small-anthropic", "pair"], f"/v1/models: {listed}")
        created = cli_json("keys", "create", "--name", "upstream-acceptance", "--credits", "50")
        secret, key_id = created["secret"], created["id"]
        measurements["startup_s"] = round(time.time() - started, 2)
        ids = parity(first, proxy, secret)
        billing(proxy, secret, key_id, ids)
        failover(proxy, secret, second)
        all_down(proxy, secret, first)
    finally:
        for s in servers:
            s.stop()
    with open(proxy.log_path, errors="replace") as f:
        check(secret not in f.read(), "the key is not in the proxy's log")
    measurements["duration_s"] = round(time.time() - started, 2)
    print(json.dumps(measurements))


main()
