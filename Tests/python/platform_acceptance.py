"""The platform acceptance run: keys, prices, credits, rate limits and the usage ledger on real `swiftlet serve`
processes with the real default model, on one database (SQLite file or PostgreSQL URL).

Usage: python3 platform_acceptance.py SWIFTLET_BINARY DATABASE [SECOND_INSTANCE]

DATABASE is a SQLite file path (created fresh) or a postgres:// URL (its public schema is emptied first). With
SECOND_INSTANCE=1 (PostgreSQL only) two servers share the database and must enforce one key's limits together.

Checks, in order (exits non-zero on the first failure, prints one JSON line of measurements at the end):
1. Key lifecycle: `keys create --json` prints the secret once; the official SDKs work with it; every response's
   `cost_in_usd_ticks` equals its ledger row (found by the response id); `keys revoke` makes the key answer 401 in
   each API's shape; the secret is in no log line and no database byte.
2. The ledger row is committed before the last byte: right after `data: [DONE]` (and `message_stop`) the row is there.
3. Rate limits: past the RPM the SDK gets 429 with `retry-after` and the `x-ratelimit-*` headers; honouring
   `retry-after` succeeds.
4. Credits: 20 concurrent requests on a key with credit for about 5 worst cases never overdraw it, and the ledger
   sums to exactly the credit spent.
5. Durability: 8 streaming clients, the server SIGKILLed mid-load and restarted: every request a client saw complete
   has exactly one ledger row, billed as its response said; no request it did not see complete is billed as complete.
6. (SECOND_INSTANCE) two servers on one PostgreSQL database: one key's RPM and credit hold across both, and a
   thinking block one signed verifies on the other (which has a home, and so a secret file, of its own).
"""
import concurrent.futures
import glob
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

import anthropic
import openai

binary, database = sys.argv[1], sys.argv[2]
two_instances = len(sys.argv) > 3 and sys.argv[3] == "1"
MODEL = "smollm2-135m-instruct"
workdir = tempfile.mkdtemp(prefix="swiftlet-platform-")
is_postgres = database.startswith("postgres")
measurements = {"database": "postgresql" if is_postgres else "sqlite"}


def check(cond, what):
    if not cond:
        print(f"FAIL: {what}", file=sys.stderr)
        sys.exit(1)


def cli(*args):
    out = subprocess.run([binary, *args, "--database", database], capture_output=True, text=True, timeout=120)
    check(out.returncode == 0, f"swiftlet {' '.join(args)} failed: {out.stderr}")
    return out.stdout


def cli_json(*args):
    return json.loads(cli(*args, "--json"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A `swiftlet serve` process on its own port, logging to a file."""

    def __init__(self, name, port=None, extra=(), home=None):
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = os.path.join(workdir, f"{name}.log")
        self.name = name
        self.proc = None
        self.extra = list(extra)
        self.env = dict(os.environ, SWIFTLET_HOME=home) if home else None

    def start(self):
        log = open(self.log_path, "a")
        self.proc = subprocess.Popen(
            [binary, "serve", "--port", str(self.port), "--database", database, "--slots", "4", "--context", "2048",
             "--instance-id", self.name, "--log-level", "debug", *self.extra],
            stdout=log, stderr=subprocess.STDOUT, env=self.env)
        deadline = time.time() + 300
        while time.time() < deadline:
            check(self.proc.poll() is None, f"server {self.name} exited: see {self.log_path}")
            try:
                with urllib.request.urlopen(self.base + "/health", timeout=2) as r:
                    if r.status == 200:
                        return self
            except Exception:
                time.sleep(0.3)
        check(False, f"server {self.name} did not start")

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


def http(method, url, key, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={
        "Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=300) as r:
            return r.status, dict(r.headers), json.loads(r.read() or b"null")
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), json.loads(e.read() or b"null")


def ledger(key_id=None):
    args = ["usage", "--json", "--limit", "100000"] + (["--key", key_id] if key_id else [])
    return cli_json(*args)


def reset_database():
    if is_postgres:
        out = subprocess.run(["psql", database, "-v", "ON_ERROR_STOP=1", "-qc",
                              "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"], capture_output=True, text=True)
        check(out.returncode == 0, f"could not empty the PostgreSQL schema: {out.stderr}")
    elif os.path.exists(database):
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(database + suffix):
                os.remove(database + suffix)


ASK = [{"role": "user", "content": "Say hello in one short sentence."}]


def lifecycle(server):
    created = cli_json("keys", "create", "--name", "alice", "--credits", "1")
    secret, key_id = created["secret"], created["id"]
    check(secret.startswith("sk-swl-") and len(secret) >= 50, "secret shape")
    listed = cli_json("keys", "list")
    row = next(k for k in listed["data"] if k["id"] == key_id)
    check(row["credit_ticks"] == 10_000_000_000 and "secret" not in row, "keys list shows the balance, not the secret")

    oai = openai.OpenAI(base_url=server.base + "/v1", api_key=secret, max_retries=0)
    r = oai.chat.completions.create(model=MODEL, messages=ASK, max_tokens=24, temperature=0)
    cost = r.usage.model_extra["cost_in_usd_ticks"]
    check(cost > 0, "a priced model reports a cost")
    ant = anthropic.Anthropic(base_url=server.base, api_key=secret, max_retries=0)
    m = ant.messages.create(model=MODEL, max_tokens=24, messages=ASK)
    rows = {e["id"]: e for e in ledger(key_id)["data"]}
    check(rows.get(r.id, {}).get("cost_in_usd_ticks") == cost, f"ledger row of {r.id} bills {cost}")
    check(rows.get(m.id, {}).get("cost_in_usd_ticks") == m.usage.model_extra["cost_in_usd_ticks"], "Anthropic cost = ledger")
    me = http("GET", server.base + "/v1/me", secret)[2]
    check(me["credit_ticks"] == 10_000_000_000 - cost - rows[m.id]["cost_in_usd_ticks"], "balance = credit - ledger")

    # The ledger row exists the moment the last byte arrives.
    for path, body, last in (
            ("/v1/chat/completions", {"model": MODEL, "messages": ASK, "max_tokens": 16, "stream": True}, "data: [DONE]"),
            ("/v1/messages", {"model": MODEL, "messages": ASK, "max_tokens": 16, "stream": True}, "event: message_stop")):
        req = urllib.request.Request(server.base + path, data=json.dumps(body).encode(), headers={
            "Authorization": f"Bearer {secret}", "Content-Type": "application/json"})
        stream_id = None
        with urllib.request.urlopen(req, timeout=120) as resp:
            for raw in resp:
                line = raw.decode().rstrip("\n")
                if line.startswith("data: {") and stream_id is None:
                    d = json.loads(line[6:])
                    stream_id = d.get("id") or d.get("message", {}).get("id")
                if line == last:
                    newest = http("GET", server.base + "/v1/me/usage?limit=1", secret)[2]["data"]
                    check(newest and newest[0]["id"] == stream_id and newest[0]["status"] == "completed",
                          f"{path}: the ledger row is committed before the last byte ({newest}, {stream_id})")
                    break

    cli("keys", "revoke", key_id)
    try:
        oai.chat.completions.create(model=MODEL, messages=ASK, max_tokens=4)
        check(False, "a revoked key is refused")
    except openai.AuthenticationError as e:
        check(e.status_code == 401 and "revoked" in str(e), "401 invalid_api_key after revoke")
    try:
        ant.messages.create(model=MODEL, max_tokens=4, messages=ASK)
        check(False, "a revoked key is refused (Anthropic)")
    except anthropic.AuthenticationError as e:
        check(e.status_code == 401, "Anthropic 401 after revoke")
    return secret


def rate_limits(server):
    created = cli_json("keys", "create", "--name", "limited", "--rpm", "6")
    oai = openai.OpenAI(base_url=server.base + "/v1", api_key=created["secret"], max_retries=0)
    for _ in range(6):
        oai.chat.completions.create(model=MODEL, messages=ASK, max_tokens=2)
    try:
        oai.chat.completions.create(model=MODEL, messages=ASK, max_tokens=2)
        check(False, "the 7th request in a minute is refused at RPM 6")
    except openai.RateLimitError as e:
        h = e.response.headers
        check(h.get("x-ratelimit-limit-requests") == "6" and h.get("x-ratelimit-remaining-requests") == "0",
              f"rate-limit headers on the 429: {dict(h)}")
        retry = int(h["retry-after"])
        check(1 <= retry <= 11, f"retry-after {retry}")
        check(e.body.get("code") == "rate_limit_exceeded", "rate_limit_exceeded")
    time.sleep(retry)
    raw = oai.chat.completions.with_raw_response.create(model=MODEL, messages=ASK, max_tokens=2)
    check(raw.headers.get("x-ratelimit-limit-requests") == "6", "headers on a successful response")
    measurements["retry_after_s"] = retry


def credits(servers):
    # Worst case of one request: prompt + 16 output tokens at SmolLM2's list price; credit for about 5 of them.
    probe = cli_json("keys", "create", "--name", "probe")
    oai = openai.OpenAI(base_url=servers[0].base + "/v1", api_key=probe["secret"], max_retries=0)
    r = oai.chat.completions.create(model=MODEL, messages=ASK, max_tokens=1)
    worst_ticks = r.usage.prompt_tokens * 200 + 16 * 400
    usd = 5.4 * worst_ticks / 1e10
    created = cli_json("keys", "create", "--name", "five", "--credits", f"{usd:.10f}")
    key_id, secret, initial = created["id"], created["secret"], created["credit_ticks"]

    def one(i):
        client = openai.OpenAI(base_url=servers[i % len(servers)].base + "/v1", api_key=secret, max_retries=0)
        try:
            client.chat.completions.create(model=MODEL, messages=ASK, max_tokens=16, temperature=1, seed=i)
            return "ok"
        except openai.RateLimitError as e:
            check(e.body.get("code") == "insufficient_quota", f"429 insufficient_quota, got {e.body}")
            return "quota"

    with concurrent.futures.ThreadPoolExecutor(20) as pool:
        outcomes = list(pool.map(one, range(20)))
    final = next(k for k in cli_json("keys", "list")["data"] if k["id"] == key_id)["credit_ticks"]
    spent = ledger(key_id)["totals"]["cost_in_usd_ticks"]
    check(final >= 0, f"balance never below zero ({final})")
    check(spent == initial - final, f"ledger sum {spent} = credit spent {initial - final}")
    check(outcomes.count("ok") >= 5 and outcomes.count("quota") > 0, f"about 5 admitted: {outcomes}")
    measurements["credits"] = {"ok": outcomes.count("ok"), "refused": outcomes.count("quota"), "spent_ticks": spent}


def durability(server):
    created = cli_json("keys", "create", "--name", "load")
    secret, key_id = created["secret"], created["id"]
    seen = {}  # response id -> (complete, content chunks, reported cost)
    lock = threading.Lock()
    stop = threading.Event()

    def client(n):
        i = 0
        while not stop.is_set():
            i += 1
            body = {"model": MODEL, "messages": [{"role": "user", "content": f"Count from {n} to {n + 40}, seed {i}."}],
                    "max_tokens": 48, "stream": True, "stream_options": {"include_usage": True}}
            req = urllib.request.Request(server.base + "/v1/chat/completions", data=json.dumps(body).encode(),
                                         headers={"Authorization": f"Bearer {secret}", "Content-Type": "application/json"})
            rid, chunks, complete, cost = None, 0, False, None
            try:
                with urllib.request.urlopen(req, timeout=60) as resp:
                    for raw in resp:
                        line = raw.decode().strip()
                        if line == "data: [DONE]":
                            complete = True
                            break
                        if line.startswith("data: {"):
                            d = json.loads(line[6:])
                            rid = rid or d["id"]
                            if d.get("usage"):
                                cost = d["usage"]["cost_in_usd_ticks"]
                            if d.get("choices") and d["choices"][0]["delta"].get("content"):
                                chunks += 1
            except Exception:
                pass
            if rid:
                with lock:
                    seen[rid] = (complete, chunks, cost)
            if not complete:
                return

    threads = [threading.Thread(target=client, args=(n,)) for n in range(8)]
    for t in threads:
        t.start()
    time.sleep(12)
    server.kill()
    stop.set()
    for t in threads:
        t.join(timeout=70)
    server.start()
    rows = {}
    for e in ledger(key_id)["data"]:
        check(e["id"] not in rows, f"one row per response: {e['id']} twice")
        rows[e["id"]] = e
    complete = [rid for rid, (c, _, _) in seen.items() if c]
    incomplete = [rid for rid, (c, _, _) in seen.items() if not c]
    check(len(complete) >= 8 and incomplete, f"the kill landed mid-load ({len(complete)} complete, {len(incomplete)} cut)")
    for rid in complete:
        check(rid in rows and rows[rid]["status"] == "completed", f"complete response {rid} has its row")
        check(rows[rid]["cost_in_usd_ticks"] == seen[rid][2], f"{rid} billed as its usage chunk said")
    overbilled = [rid for rid in incomplete if rid in rows and
                  rows[rid]["completion_tokens"] + rows[rid]["reasoning_tokens"] > seen[rid][1] + 2]
    check(not overbilled, f"cut requests billed beyond what was streamed: {overbilled}")
    measurements["durability"] = {"complete": len(complete), "cut": len(incomplete),
                                  "cut_with_row": sum(1 for r in incomplete if r in rows)}


def shared_limits(a, b):
    created = cli_json("keys", "create", "--name", "shared", "--rpm", "4")
    secret = created["secret"]
    outcomes = []
    for i in range(6):
        server = (a, b)[i % 2]
        status = http("POST", server.base + "/v1/chat/completions", secret,
                      {"model": MODEL, "messages": ASK, "max_tokens": 2})[0]
        outcomes.append(status)
    check(outcomes.count(200) == 4 and outcomes.count(429) == 2, f"RPM 4 across two instances: {outcomes}")
    measurements["two_instances_rpm"] = outcomes


def shared_thinking(a, b):
    """A thinking block instance a signed verifies on instance b, which has a home (and so a secret file) of its own:
    without a configured secret, both sign with the one stored in the database."""
    created = cli_json("keys", "create", "--name", "thinker")
    ant_a = anthropic.Anthropic(base_url=a.base, api_key=created["secret"], max_retries=0)
    ant_b = anthropic.Anthropic(base_url=b.base, api_key=created["secret"], max_retries=0)
    first = ant_a.messages.create(model="grok-3-mini", max_tokens=96, messages=ASK, extra_body={"temperature": 0})
    blocks = [blk.model_dump(exclude_none=True) for blk in first.content]
    check(any(blk["type"] == "thinking" for blk in blocks), f"grok-3-mini answered with a thinking block: {blocks}")
    follow = ASK + [{"role": "assistant", "content": blocks}, {"role": "user", "content": "Again, shorter."}]
    second = ant_b.messages.create(model="grok-3-mini", max_tokens=16, messages=follow, extra_body={"temperature": 0})
    check(second.content is not None, "the other instance accepted the signed thinking block")
    measurements["shared_thinking_secret"] = True


def main():
    reset_database()
    servers = [Server("a").start()]
    try:
        secret = lifecycle(servers[0])
        rate_limits(servers[0])
        if two_instances:
            # b has a home of its own (its own thinking-secret file), and loads the model by path from a's.
            models_dir = os.path.join(os.environ.get("SWIFTLET_HOME", os.path.expanduser("~/.cache/swiftlet")), "models")
            found = sorted(glob.glob(os.path.join(models_dir, "SmolLM2-135M-Instruct*.gguf")))
            check(found, f"the default model's file is in {models_dir}")
            model_path = found[0]
            servers.append(Server("b", extra=["--model", model_path, "--served-model-name", MODEL],
                                  home=tempfile.mkdtemp(prefix="swiftlet-home-b-")).start())
            shared_limits(servers[0], servers[1])
            shared_thinking(servers[0], servers[1])
        credits(servers)
        durability(servers[0])
    finally:
        for s in servers:
            s.stop()
    for s in servers:
        with open(s.log_path, errors="replace") as f:
            check(secret not in f.read(), f"the secret is not in {s.log_path}")
    if not is_postgres:
        for suffix in ("", "-wal"):
            if os.path.exists(database + suffix):
                with open(database + suffix, "rb") as f:
                    check(secret.encode() not in f.read(), "the secret is not in the database file")
    print(json.dumps(measurements))


main()
