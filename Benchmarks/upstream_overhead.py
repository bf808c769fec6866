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

Then the relay capacity (`--relay-chunks N`, 0 skips it): a scripted upstream (this script, run as a small Python
server) streams N chunks as fast as it can, read directly and through the proxy: chunks/s each way, and the proxy's
cost per chunk (parse, translate, encode, write), which is what it adds to every streamed token.
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
ap.add_argument("--relay-chunks", type=int, default=5000)
ap.add_argument("--fake-upstream", nargs=2, metavar=("PORT", "CHUNKS"), help=argparse.SUPPRESS)
args = ap.parse_args()


def fake_upstream(port, chunks):
    """An OpenAI-compatible stream of `chunks` content chunks, sent as fast as possible (the relay benchmark)."""
    import http.server

    head = '{"id":"x","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,'

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def do_POST(self):
            self.rfile.read(int(self.headers.get("content-length", 0)))
            self.send_response(200)
            self.send_header("content-type", "text/event-stream")
            self.send_header("transfer-encoding", "chunked")
            self.end_headers()

            def send(event):
                b = ("data: " + event + "\n\n").encode()
                self.wfile.write(b"%x\r\n%s\r\n" % (len(b), b))
                self.wfile.flush()

            send(head + '"delta":{"role":"assistant","content":""},"finish_reason":null}]}')
            for _ in range(chunks):
                send(head + '"delta":{"content":" tok"},"finish_reason":null}]}')
            send(head + '"delta":{},"finish_reason":"length"}]}')
            send('{"id":"x","object":"chat.completion.chunk","created":1,"model":"m","choices":[],'
                 f'"usage":{{"prompt_tokens":5,"completion_tokens":{chunks},"total_tokens":{chunks + 5}}}}}')
            send("[DONE]")
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()

    http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()


if args.fake_upstream:
    fake_upstream(int(args.fake_upstream[0]), int(args.fake_upstream[1]))
    sys.exit(0)

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


def relay_once(port, model):
    """(chunks, seconds) of one fast stream read whole."""
    body = json.dumps({"model": model, "stream": True, "max_tokens": args.relay_chunks + 10,
                       "messages": [{"role": "user", "content": "x"}]})
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    start = time.perf_counter()
    conn.request("POST", "/v1/chat/completions", body=body, headers={"Content-Type": "application/json"})
    resp = conn.getresponse()
    n = 0
    while True:
        b = resp.read1(65536)
        if not b:
            break
        n += b.count(b' tok"')
    conn.close()
    return n, time.perf_counter() - start


def relay():
    fake_port, proxy_port = free_port(), free_port()
    fake = subprocess.Popen([sys.executable, os.path.abspath(__file__), "--fake-upstream", str(fake_port),
                             str(args.relay_chunks)])
    time.sleep(0.5)
    proxy = serve("relay-proxy", proxy_port, ["--upstream", f"relay=http://127.0.0.1:{fake_port}/v1#m"])
    direct, proxied = [], []
    try:
        relay_once(proxy_port, "relay")
        for _ in range(5):
            for target, port, model in ((direct, fake_port, "m"), (proxied, proxy_port, "relay")):
                n, dt = relay_once(port, model)
                if n != args.relay_chunks:
                    sys.exit(f"relay: {n} chunks arrived, {args.relay_chunks} sent")
                target.append(dt)
    finally:
        proxy.terminate()
        proxy.wait(timeout=30)
        fake.terminate()
        fake.wait(timeout=10)
    d, p = statistics.median(direct), statistics.median(proxied)
    return {"chunks": args.relay_chunks, "direct_chunks_per_s": round(args.relay_chunks / d),
            "proxied_chunks_per_s": round(args.relay_chunks / p),
            "proxy_us_per_chunk": round(max(0.0, p - d) / args.relay_chunks * 1e6, 1)}


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
    if args.relay_chunks > 0:
        summary["relay"] = relay()
    print(json.dumps(summary))


main()
