#!/usr/bin/env python3
"""Soak test: a bounded mixed load on one `swiftlet serve` process, watched for errors, leaks and growth.

It starts the server itself (release binary, default model, a fresh SQLite database and a metered key), then runs
--clients concurrent clients for --duration seconds. Each client loops over a mix of requests, all streamed unless
noted: OpenAI chat, chat with a required tool call, chat with a JSON schema, Anthropic messages, a non-streamed chat,
and a client that hangs up after its first event. At the end it checks the engine is idle again (the server's
/metrics: busy slots and queue depth back to 0 — no slot leaked by a disconnect) and reports:

  errors by kind (anything but a complete, well-formed answer; a deliberate hang-up is not an error),
  TTFT p50 / p99 (first streamed event with content, reasoning or a tool call), requests by kind,
  RSS of the server after warm-up (the first 60 s) and at the end, and its growth in percent.

  python3 Benchmarks/soak.py .build/release/swiftlet --clients 32 --duration 600

Exit code 0 when there were no errors, no leaked slots and RSS growth after warm-up stayed under 10%; 1 otherwise.
Standard library only; loopback only.
"""
import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

MODEL = "smollm2-135m-instruct"
KINDS = ["chat", "tools", "schema", "anthropic", "plain", "hangup"]
TOOL = {"type": "function", "function": {"name": "get_weather", "description": "Weather for a city",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}
SCHEMA = {"type": "json_schema", "json_schema": {"name": "person", "strict": True, "schema": {
    "type": "object", "properties": {"name": {"type": "string", "maxLength": 20}, "age": {"type": "integer"}},
    "required": ["name", "age"], "additionalProperties": False}}}


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class Soak:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.errors = {}
        self.counts = {k: 0 for k in KINDS}
        self.ttfts = []
        self.stop_at = 0.0

    def error(self, kind):
        with self.lock:
            self.errors[kind] = self.errors.get(kind, 0) + 1

    def request(self, kind, n):
        topic = f"client request {n}"
        if kind == "anthropic":
            path = "/v1/messages"
            body = {"model": MODEL, "max_tokens": 48, "stream": True,
                    "messages": [{"role": "user", "content": f"Say one sentence about {topic}."}]}
        else:
            path = "/v1/chat/completions"
            body = {"model": MODEL, "max_tokens": 48, "stream": kind != "plain",
                    "messages": [{"role": "user", "content": f"Tell me about {topic} in one sentence."}]}
            if kind == "tools":
                body.update({"tools": [TOOL], "tool_choice": "required", "max_tokens": 64,
                             "messages": [{"role": "user", "content": f"What is the weather in city {n}?"}]})
            if kind == "schema":
                body.update({"response_format": SCHEMA, "max_tokens": 64})
        return path, body

    def one(self, kind, n):
        path, body = self.request(kind, n)
        data = json.dumps(body).encode()
        conn = http.client.HTTPConnection("127.0.0.1", self.args.port, timeout=300)
        started = time.time()
        try:
            conn.request("POST", path, body=data, headers={"Content-Type": "application/json",
                                                           "Authorization": f"Bearer {self.key}"})
            r = conn.getresponse()
            if r.status != 200:
                r.read()
                self.error(f"http_{r.status}")
                return
            if kind == "plain":
                answer = json.loads(r.read())
                if not answer.get("choices"):
                    self.error("plain_malformed")
                    return
                with self.lock:
                    self.counts[kind] += 1
                return
            first, done, text = None, False, ""
            while True:
                line = r.readline()
                if not line:
                    break
                line = line.decode().strip()
                if not line.startswith("data: "):
                    continue
                payload = line[6:]
                if payload == "[DONE]":
                    done = True
                    break
                event = json.loads(payload)
                if first is None and self.has_output(event):
                    first = time.time() - started
                    if kind == "hangup":
                        conn.sock.shutdown(socket.SHUT_RDWR)
                        conn.close()
                        with self.lock:
                            self.counts[kind] += 1
                        return
                if event.get("type") == "message_stop":
                    done = True
                    break
                if kind == "schema":
                    for c in event.get("choices", []):
                        text += (c.get("delta") or {}).get("content") or ""
            if not done:
                self.error(f"{kind}_unfinished")
                return
            if kind == "schema":
                try:
                    value = json.loads(text)
                    if not isinstance(value.get("age"), int):
                        self.error("schema_invalid")
                        return
                except ValueError:
                    self.error("schema_not_json")
                    return
            with self.lock:
                self.counts[kind] += 1
                if first is not None:
                    self.ttfts.append(first)
        except (OSError, http.client.HTTPException, ValueError) as e:
            self.error(f"{kind}_{type(e).__name__}")
        finally:
            conn.close()

    @staticmethod
    def has_output(event):
        if event.get("type") == "content_block_delta":
            return True
        for c in event.get("choices", []):
            d = c.get("delta") or {}
            if d.get("content") or d.get("reasoning_content") or d.get("tool_calls"):
                return True
        return False

    def client(self, index):
        rng = random.Random(index)
        n = 0
        while time.time() < self.stop_at:
            n += 1
            self.one(rng.choice(KINDS), index * 1_000_000 + n)

    def metrics(self):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.args.port}/metrics", timeout=30) as r:
            text = r.read().decode()
        values = {}
        for line in text.splitlines():
            for name in ("swiftlet_busy_slots", "swiftlet_queue_depth"):
                if line.startswith(name + "{") or line.startswith(name + " "):
                    values[name] = values.get(name, 0) + float(line.split()[-1])
        return values


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("binary")
    p.add_argument("--clients", type=int, default=32)
    p.add_argument("--duration", type=float, default=600)
    p.add_argument("--warmup", type=float, default=60)
    p.add_argument("--slots", type=int, default=8)
    p.add_argument("--json", help="write the report here too")
    args = p.parse_args()
    work = tempfile.mkdtemp(prefix="swiftlet-soak-")
    models = os.path.join(os.environ.get("SWIFTLET_HOME") or os.path.expanduser("~/.cache/swiftlet"), "models")
    os.symlink(models, os.path.join(work, "models"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("SWIFTLET_")}
    env["SWIFTLET_HOME"] = work
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        args.port = s.getsockname()[1]
    created = subprocess.run([args.binary, "keys", "create", "--name", "soak", "--credits", "1000", "--json"],
                             env=env, capture_output=True, text=True, check=True)
    soak = Soak(args)
    soak.key = json.loads(created.stdout)["secret"]
    log = open(os.path.join(work, "server.log"), "w")
    server = subprocess.Popen([args.binary, "serve", "--port", str(args.port), "--slots", str(args.slots),
                               "--context", "2048"], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{args.port}/health", timeout=2)
                break
            except OSError:
                time.sleep(0.2)
        start_rss = rss_kb(server.pid)
        soak.stop_at = time.time() + args.duration
        threads = [threading.Thread(target=soak.client, args=(i,), daemon=True) for i in range(args.clients)]
        for t in threads:
            t.start()
        time.sleep(min(args.warmup, args.duration))
        warm_rss = rss_kb(server.pid)
        for t in threads:
            t.join(timeout=args.duration + 400)
        time.sleep(2)
        end_rss = rss_kb(server.pid)
        idle = soak.metrics()
        alive = server.poll() is None
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
    ttfts = sorted(soak.ttfts)
    growth = 100.0 * (end_rss - warm_rss) / warm_rss if warm_rss else 0.0
    report = {
        "clients": args.clients, "duration_s": args.duration, "slots": args.slots,
        "requests": soak.counts, "errors": soak.errors, "server_alive": alive,
        "ttft_p50_s": round(statistics.median(ttfts), 3) if ttfts else None,
        "ttft_p99_s": round(ttfts[min(len(ttfts) - 1, int(0.99 * len(ttfts)))], 3) if ttfts else None,
        "busy_slots_after": idle.get("swiftlet_busy_slots"), "queue_depth_after": idle.get("swiftlet_queue_depth"),
        "rss_kb": {"start": start_rss, "after_warmup": warm_rss, "end": end_rss}, "rss_growth_after_warmup_pct": round(growth, 1),
    }
    print(json.dumps(report, indent=1))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(report, f)
    ok = (not soak.errors and alive and idle.get("swiftlet_busy_slots", 0) == 0
          and idle.get("swiftlet_queue_depth", 0) == 0 and growth < 10)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
