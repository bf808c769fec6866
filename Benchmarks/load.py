#!/usr/bin/env python3
"""Load benchmark for any OpenAI-compatible chat server on this machine (Swiftlet, llama.cpp's llama-server, ...).

N concurrent clients each stream POST /v1/chat/completions requests back to back, every prompt unique (client
index + request counter, so no prompt-cache hits across clients or requests), for --duration seconds or
--requests each. Generated tokens per request come from the streamed `usage` (stream_options.include_usage), or,
when the server sends none, from the number of content/reasoning delta chunks.

  python3 Benchmarks/load.py --base-url http://127.0.0.1:8080 --clients 8 --duration 60
  python3 Benchmarks/load.py --base-url http://127.0.0.1:8081 --clients 8 --duration 60 --ignore-eos   # llama-server

Reports aggregate generated tokens/s, requests completed, errors by kind, TTFT p50/p95/p99 (time to the first
content or reasoning delta), per-client tokens/s (min / median / max; the minimum is the fairness number).
Loopback only: a base URL whose host is not 127.0.0.0/8, localhost or ::1 is refused. The run stops by itself at
duration + 60 s (or, with --requests, at --max-run seconds), abandoning requests still running.
Only the standard library. Exit code 0 when the run happened (even with errors), 2 when the server cannot be reached.
"""

import argparse
import http.client
import ipaddress
import json
import math
import os
import socket
import statistics
import sys
import threading
import time
import urllib.parse

TOPICS = ["a lighthouse keeper", "a lost robot", "a city under the sea", "a dragon who hates fire", "a clockmaker",
          "a mountain village", "a desert caravan", "a library that never closes", "a shy comet", "a talking river"]


class Target:
    def __init__(self, base_url, api_key):
        u = urllib.parse.urlsplit(base_url)
        if u.scheme != "http" or not u.hostname:
            raise ValueError(f"bad --base-url {base_url!r} (want http://127.0.0.1:PORT)")
        host = u.hostname
        if host != "localhost":
            try:
                ip = ipaddress.ip_address(host)
            except ValueError:
                raise ValueError(f"refusing {host!r}: loopback only (127.0.0.0/8, localhost or ::1)") from None
            if not ip.is_loopback:
                raise ValueError(f"refusing {host!r}: loopback only (127.0.0.0/8, localhost or ::1)")
        self.host = host
        self.port = u.port or 80
        self.prefix = u.path.rstrip("/")
        if self.prefix.endswith("/v1"):
            self.prefix = self.prefix[:-3]
        self.headers = {"Accept": "application/json"}
        if api_key:
            self.headers["Authorization"] = f"Bearer {api_key}"

    def connect(self, timeout):
        if self.host == "localhost":
            # Resolve here so that a poisoned /etc/hosts cannot send us off the machine.
            for fam, _, _, _, addr in socket.getaddrinfo("localhost", self.port, type=socket.SOCK_STREAM):
                if ipaddress.ip_address(addr[0].split("%")[0]).is_loopback:
                    return http.client.HTTPConnection(addr[0], self.port, timeout=timeout)
            raise ValueError("localhost does not resolve to a loopback address")
        return http.client.HTTPConnection(self.host, self.port, timeout=timeout)

    def get_json(self, path, timeout=10.0):
        conn = self.connect(timeout)
        try:
            conn.request("GET", self.prefix + path, headers=self.headers)
            resp = conn.getresponse()
            raw = resp.read().decode("utf-8", "replace")
        finally:
            conn.close()
        try:
            return resp.status, json.loads(raw)
        except ValueError:
            return resp.status, raw


def generated_tokens(usage):
    """Every generated token, reasoning included. Most servers count reasoning inside `completion_tokens`; xAI's
    convention (Swiftlet's grok aliases) leaves it out and adds it to `total_tokens`, so take the larger of
    `completion_tokens` and `total_tokens - prompt_tokens`."""
    n = usage["completion_tokens"]
    total, prompt = usage.get("total_tokens"), usage.get("prompt_tokens")
    if isinstance(total, int) and isinstance(prompt, int):
        n = max(n, total - prompt)
    return n


def percentile(values, p):
    if not values:
        return None
    v = sorted(values)
    k = (len(v) - 1) * p / 100
    lo, hi = math.floor(k), math.ceil(k)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


class Run:
    def __init__(self, args, target):
        self.args = args
        self.target = target
        self.lock = threading.Lock()
        self.stop_issuing = threading.Event()  # no new requests after this
        self.requests = []  # finished requests (dicts)
        self.in_flight = {}  # client -> (request index, start time, deltas so far)
        self.start = None

    def body(self, client, index):
        a = self.args
        topic = TOPICS[(client + index) % len(TOPICS)]
        prompt = (f"[client {client} request {index}] Write a long, detailed story about {topic}. "
                  f"Keep going until you are told to stop.")
        if a.prompt_words:
            prompt += " Context: " + " ".join(f"w{client}_{index}_{i}" for i in range(a.prompt_words))
        b = {"model": a.model, "messages": [{"role": "user", "content": prompt}], "max_tokens": a.max_tokens,
             "stream": True, "stream_options": {"include_usage": True}}
        if a.temperature is not None:
            b["temperature"] = a.temperature
        if a.ignore_eos:
            b["ignore_eos"] = True
        if a.reasoning_effort:
            b["reasoning_effort"] = a.reasoning_effort
        if a.extra:
            b.update(json.loads(a.extra))
        return b

    def one_request(self, client, index):
        rec = {"client": client, "index": index, "start": time.monotonic() - self.start, "ttft": None,
               "seconds": None, "tokens": 0, "usage_tokens": None, "delta_chunks": 0, "finish_reason": None,
               "error": None}
        t0 = time.monotonic()
        conn = None
        try:
            conn = self.target.connect(self.args.timeout)
            headers = dict(self.target.headers, **{"Content-Type": "application/json", "Accept": "text/event-stream"})
            conn.request("POST", self.target.prefix + "/v1/chat/completions",
                         body=json.dumps(self.body(client, index)).encode(), headers=headers)
            resp = conn.getresponse()
            if resp.status != 200:
                detail = resp.read(300).decode("utf-8", "replace").replace("\n", " ")
                rec["error"] = f"http_{resp.status}"
                rec["detail"] = detail
                return rec
            saw_done = False
            while True:
                line = resp.readline()
                if not line:
                    break
                line = line.strip()
                if not line.startswith(b"data:"):
                    continue
                data = line[5:].strip()
                if data == b"[DONE]":
                    saw_done = True
                    break
                try:
                    chunk = json.loads(data)
                except ValueError:
                    rec["error"] = "bad_json_chunk"
                    return rec
                if "error" in chunk and not chunk.get("choices"):
                    rec["error"] = "stream_error"
                    rec["detail"] = str(chunk["error"])[:300]
                    return rec
                for ch in chunk.get("choices") or []:
                    d = ch.get("delta") or {}
                    if d.get("content") or d.get("reasoning_content") or d.get("reasoning"):
                        if rec["ttft"] is None:
                            rec["ttft"] = time.monotonic() - t0
                        rec["delta_chunks"] += 1
                    if ch.get("finish_reason"):
                        rec["finish_reason"] = ch["finish_reason"]
                usage = chunk.get("usage")
                if usage and usage.get("completion_tokens") is not None:
                    rec["usage_tokens"] = generated_tokens(usage)
                with self.lock:
                    self.in_flight[client] = (index, t0, rec["delta_chunks"])
            if not saw_done and rec["finish_reason"] is None:
                rec["error"] = "stream_cut"
        except (socket.timeout, TimeoutError):
            rec["error"] = "timeout"
        except ConnectionRefusedError:
            rec["error"] = "connection_refused"
        except (ConnectionError, http.client.HTTPException, OSError) as e:
            rec["error"] = f"connection_{type(e).__name__}"
        finally:
            rec["seconds"] = time.monotonic() - t0
            rec["tokens"] = rec["usage_tokens"] if rec["usage_tokens"] is not None else rec["delta_chunks"]
            if conn is not None:
                conn.close()
        if rec["error"] is None and rec["tokens"] == 0:
            rec["error"] = "no_tokens"
        return rec

    def client_loop(self, client):
        index = 0
        while not self.stop_issuing.is_set():
            if self.args.requests is not None and index >= self.args.requests:
                break
            with self.lock:
                self.in_flight[client] = (index, time.monotonic(), 0)
            rec = self.one_request(client, index)
            rec["end"] = time.monotonic() - self.start
            with self.lock:
                self.in_flight.pop(client, None)
                self.requests.append(rec)
            index += 1
            if rec["error"] in ("connection_refused",):
                time.sleep(0.5)  # do not spin on a dead server


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("--base-url", default="http://127.0.0.1:8080", help="server URL, loopback only (default %(default)s)")
    ap.add_argument("--model", help="model to request (default: the first id of GET /v1/models)")
    ap.add_argument("--clients", type=int, default=8, help="concurrent streaming clients (default 8)")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--duration", type=float, help="seconds during which clients start requests (default 60)")
    g.add_argument("--requests", type=int, help="requests per client instead of a duration")
    ap.add_argument("--max-tokens", type=int, default=128, help="max_tokens of every request (default 128)")
    ap.add_argument("--temperature", default="0",
                    help="temperature to send (default 0); 'none' sends no temperature (the server's default)")
    ap.add_argument("--ignore-eos", action="store_true",
                    help='send "ignore_eos": true (llama-server: always generate exactly max_tokens)')
    ap.add_argument("--reasoning-effort", help="send reasoning_effort (default: not sent)")
    ap.add_argument("--prompt-words", type=int, default=0, help="append N unique filler words to each prompt (default 0)")
    ap.add_argument("--extra", metavar="JSON", help="extra request fields merged into every body, e.g. '{\"top_k\": 1}'")
    ap.add_argument("--timeout", type=float, default=120.0, help="socket timeout per request in seconds (default 120)")
    ap.add_argument("--max-run", type=float,
                    help="hard cap on the whole run in seconds (default: duration + 60; with --requests 3600)")
    ap.add_argument("--api-key", default=os.environ.get("SWIFTLET_API_KEY"), help="sent as Authorization: Bearer")
    ap.add_argument("--slots-check", action="store_true", help="after the run, GET /health and print it")
    ap.add_argument("--json", metavar="FILE", help="write the summary and every request to FILE")
    args = ap.parse_args()
    if args.duration is None and args.requests is None:
        args.duration = 60.0
    if args.clients < 1 or (args.duration is not None and args.duration <= 0) or (args.requests is not None and args.requests < 1):
        ap.error("--clients, --duration and --requests must be positive")
    args.temperature = None if args.temperature.lower() == "none" else float(args.temperature)
    cap = args.max_run or ((args.duration + 60.0) if args.duration is not None else 3600.0)

    try:
        target = Target(args.base_url, args.api_key)
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    try:
        status, models = target.get_json("/v1/models")
    except (OSError, http.client.HTTPException) as e:
        print(f"error: cannot reach {args.base_url}: {e}", file=sys.stderr)
        return 2
    if args.model is None:
        if status != 200 or not isinstance(models, dict) or not models.get("data"):
            print(f"error: GET /v1/models: HTTP {status}; pass --model", file=sys.stderr)
            return 2
        args.model = models["data"][0]["id"]

    mode = f"{args.duration:g} s" if args.duration is not None else f"{args.requests} requests/client"
    print(f"{args.clients} clients x {mode} against {args.base_url}, model {args.model}, max_tokens {args.max_tokens}, "
          f"temperature {'(not sent)' if args.temperature is None else args.temperature}"
          f"{', ignore_eos' if args.ignore_eos else ''}; hard cap {cap:g} s", flush=True)

    run = Run(args, target)
    run.start = time.monotonic()
    threads = [threading.Thread(target=run.client_loop, args=(c,), daemon=True) for c in range(args.clients)]
    for t in threads:
        t.start()
    capped = False
    next_progress = run.start + 10
    while any(t.is_alive() for t in threads):
        now = time.monotonic()
        if args.duration is not None and now - run.start >= args.duration:
            run.stop_issuing.set()
        if now - run.start >= cap:
            capped = True
            run.stop_issuing.set()
            break
        if now >= next_progress:
            with run.lock:
                done = len(run.requests)
                toks = sum(r["tokens"] for r in run.requests if r["error"] is None)
            print(f"  {now - run.start:5.0f} s: {done} requests done, {toks} tokens", flush=True)
            next_progress += 10
        time.sleep(0.1)
    end = time.monotonic()
    wall = end - run.start

    with run.lock:
        reqs = list(run.requests)
        abandoned = dict(run.in_flight)
    ok = [r for r in reqs if r["error"] is None]
    errors = {}
    for r in reqs:
        if r["error"]:
            errors[r["error"]] = errors.get(r["error"], 0) + 1
    if abandoned:
        errors["abandoned_at_cap"] = len(abandoned)
    total_tokens = sum(r["tokens"] for r in ok)
    ttfts = [r["ttft"] for r in ok if r["ttft"] is not None]
    per_client = []
    for c in range(args.clients):
        cr = [r for r in ok if r["client"] == c]
        toks = sum(r["tokens"] for r in cr)
        busy = sum(r["seconds"] for r in cr)
        per_client.append({"client": c, "requests": len(cr), "tokens": toks,
                           "tokens_per_s": toks / wall if wall > 0 else 0.0,
                           "tokens_per_busy_s": toks / busy if busy > 0 else 0.0})
    rates = [p["tokens_per_s"] for p in per_client]
    busy_rates = [p["tokens_per_busy_s"] for p in per_client]
    usage_share = sum(r["usage_tokens"] is not None for r in ok)
    summary = {
        "base_url": args.base_url, "model": args.model, "clients": args.clients, "duration": args.duration,
        "requests_per_client": args.requests, "max_tokens": args.max_tokens, "temperature": args.temperature,
        "ignore_eos": args.ignore_eos, "wall_seconds": wall, "hard_cap_hit": capped,
        "requests_completed": len(ok), "requests_failed": sum(errors.values()), "errors": errors,
        "generated_tokens": total_tokens, "tokens_per_s": total_tokens / wall if wall > 0 else 0.0,
        "mean_tokens_per_request": statistics.fmean([r["tokens"] for r in ok]) if ok else None,
        "tokens_counted_from_usage": usage_share, "tokens_counted_from_deltas": len(ok) - usage_share,
        "ttft_p50": percentile(ttfts, 50), "ttft_p95": percentile(ttfts, 95), "ttft_p99": percentile(ttfts, 99),
        "client_tokens_per_s_min": min(rates), "client_tokens_per_s_median": statistics.median(rates),
        "client_tokens_per_s_max": max(rates),
        "client_tokens_per_busy_s_min": min(busy_rates), "client_tokens_per_busy_s_median": statistics.median(busy_rates),
    }

    def ms(x):
        return "-" if x is None else f"{1000 * x:.0f} ms"

    print()
    print(f"wall time            {wall:.1f} s{'  (HARD CAP HIT: requests still running were abandoned)' if capped else ''}")
    print(f"requests completed   {len(ok)}  (mean {summary['mean_tokens_per_request'] or 0:.1f} tokens; "
          f"counted from usage: {usage_share}, from delta chunks: {len(ok) - usage_share})")
    print(f"errors               {sum(errors.values())}" + (
        "  (" + ", ".join(f"{k}: {v}" for k, v in sorted(errors.items())) + ")" if errors else ""))
    print(f"generated tokens     {total_tokens}")
    print(f"aggregate            {summary['tokens_per_s']:.1f} tokens/s")
    print(f"TTFT                 p50 {ms(summary['ttft_p50'])}, p95 {ms(summary['ttft_p95'])}, p99 {ms(summary['ttft_p99'])}")
    print(f"per client tokens/s  min {min(rates):.1f}, median {statistics.median(rates):.1f}, max {max(rates):.1f}"
          f"   (while requesting: min {min(busy_rates):.1f}, median {statistics.median(busy_rates):.1f})")
    details = sorted({r.get("detail") for r in reqs if r.get("detail")})
    for d in details[:3]:
        print(f"  error detail: {d}")

    if args.slots_check:
        try:
            status, health = target.get_json("/health")
            print(f"GET /health: HTTP {status}: {json.dumps(health) if not isinstance(health, str) else health}")
            summary["health"] = health
        except (OSError, http.client.HTTPException) as e:
            print(f"GET /health failed: {e}")
            summary["health"] = f"failed: {e}"

    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"summary": summary, "per_client": per_client, "requests": reqs}, f, indent=1)
        print(f"wrote {args.json}")
    sys.stdout.flush()
    if capped:
        os._exit(0)  # abandoned requests are still blocked in daemon threads; do not wait for them
    return 0


if __name__ == "__main__":
    sys.exit(main())
