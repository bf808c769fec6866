#!/usr/bin/env python3
"""What proxying through an upstream model costs: time to first token and streamed tokens/s of a client that talks
to a `swiftlet serve` directly, against one that talks to a second `swiftlet serve` (loading no weights) whose model
is the first one as an upstream. Requests alternate direct / proxied, one at a time, so both see the same machine.

  python3 Benchmarks/upstream_overhead.py [--binary .build/release/swiftlet] [--pairs 30] [--max-tokens 64]
                                          [--model smollm2-135m-instruct]

Per request: TTFT = from sending the request to the first content byte of the stream; tokens/s = completion tokens
(from the final usage chunk) over the time from the first to the last content chunk. Prints one line per pair and a
JSON summary: TTFT p50 per mode and the p50 of the per-pair differences (proxied − direct), tokens/s medians and
their ratio (proxied / direct). Greedy, fixed seed: both modes generate the same tokens.
"""
import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ap = argparse.ArgumentParser()
ap.add_argument("--binary", default=".build/release/swiftlet")
ap.add_argument("--pairs", type=int, default=30)
ap.add_argument("--max-tokens", type=int, default=64)
ap.add_argument("--model", default="smollm2-135m-instruct")
ap.add_argument("--warmup", type=int, default=3)
args = ap.parse_args()

work = tempfile.mkdtemp(prefix="swiftlet-upstream-overhead-")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(name, port, extra):
    log = open(os.path.join(work, f"{name}.log"), "w")
    proc = subprocess.Popen([args.binary, "serve", "--port", str(port), "--database", "none", *extra],
                            stdout=log, stderr=subprocess.STDOUT)
    for _ in range(600):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1):
                return proc
        except Exception:
            time.sleep(0.2)
    proc.kill()
    sys.exit(f"{name} did not start")


def one(port, model):
    """(ttft_s, tokens_per_s, text) of one streamed request on a fresh connection."""
    body = json.dumps({"model": model, "stream": True, "stream_options": {"include_usage": True},
                       "max_tokens": args.max_tokens, "temperature": 0, "seed": 1,
                       "messages": [{"role": "user", "content": "Tell me a long story about a lighthouse keeper."}]})
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    start = time.perf_counter()
    conn.request("POST", "/v1/chat/completions", body=body, headers={"Content-Type": "application/json"})
    resp = conn.getresponse()
    if resp.status != 200:
        sys.exit(f"HTTP {resp.status}: {resp.read()[:300]!r}")
    first = last = None
    text, tokens = "", 0
    for raw in resp:
        line = raw.decode().strip()
        if not line.startswith("data: {"):
            continue
        chunk = json.loads(line[6:])
        if chunk.get("usage"):
            tokens = chunk["usage"]["completion_tokens"] + chunk["usage"].get("completion_tokens_details", {}).get("reasoning_tokens", 0)
        for c in chunk.get("choices", []):
            piece = c.get("delta", {}).get("content") or ""
            if piece:
                now = time.perf_counter()
                first = first or now
                last = now
                text += piece
    conn.close()
    rate = (tokens - 1) / (last - first) if first and last and last > first and tokens > 1 else 0.0
    return first - start, rate, text


def main():
    up_port, proxy_port = free_port(), free_port()
    upstream = serve("upstream", up_port, ["--slots", "2", "--context", "1024", "--model", args.model])
    proxy = serve("proxy", proxy_port, ["--upstream", f"proxied=http://127.0.0.1:{up_port}/v1#{args.model}"])
    try:
        for _ in range(args.warmup):
            one(up_port, args.model)
            one(proxy_port, "proxied")
        rows = []
        for i in range(args.pairs):
            # Alternate which goes first, so neither always follows the other.
            order = [("direct", up_port, args.model), ("proxied", proxy_port, "proxied")]
            if i % 2:
                order.reverse()
            got = {name: one(port, model) for name, port, model in order}
            if got["direct"][2] != got["proxied"][2]:
                sys.exit(f"pair {i}: the proxied text differs from the direct one")
            rows.append(got)
            d, p = got["direct"], got["proxied"]
            print(f"pair {i:3d}: ttft direct {d[0] * 1000:7.2f} ms  proxied {p[0] * 1000:7.2f} ms   "
                  f"tok/s direct {d[1]:7.1f}  proxied {p[1]:7.1f}", flush=True)
    finally:
        for proc in (proxy, upstream):
            proc.terminate()
            proc.wait(timeout=30)
    ttft_d = [r["direct"][0] * 1000 for r in rows]
    ttft_p = [r["proxied"][0] * 1000 for r in rows]
    rate_d = [r["direct"][1] for r in rows]
    rate_p = [r["proxied"][1] for r in rows]
    summary = {
        "pairs": len(rows), "max_tokens": args.max_tokens,
        "ttft_ms_p50": {"direct": round(statistics.median(ttft_d), 2), "proxied": round(statistics.median(ttft_p), 2)},
        "ttft_ms_delta_p50": round(statistics.median(p - d for p, d in zip(ttft_p, ttft_d)), 2),
        "tokens_per_s_median": {"direct": round(statistics.median(rate_d), 1), "proxied": round(statistics.median(rate_p), 1)},
        "tokens_per_s_ratio": round(statistics.median(rate_p) / statistics.median(rate_d), 4),
        "tokens_per_s_pair_ratio_p50": round(statistics.median(p / d for p, d in zip(rate_p, rate_d) if d > 0), 4),
    }
    print(json.dumps(summary))


main()
