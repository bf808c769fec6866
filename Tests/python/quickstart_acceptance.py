"""The two hosted quick-starts, sent verbatim 20 times each to a real `swiftlet serve` with the default model: the
ModelsLab one (`POST /api/v7/llm/chat/completions`, `model_id: x-ai-grok-3-mini`, the key in the body) and the
AI/ML API one (`POST /v1/chat/completions`, `model: x-ai/grok-3-mini-beta`, a Bearer key), both "Hello!" with no
`max_tokens` and no temperature, so the request defaults decide everything: the model's sampling settings, the
DRY penalty, the model's default output cap and forced thinking (the grok aliases always reason).

Every answer must arrive within 15 s with a reasoning trace and a non-empty answer. Answers that ran to the output
cap (a 135M model that never ends its turn) and answers holding a copy of the closing tag (SmolLM2 writes
`</think-s>` where it means to end its turn) are counted and reported, not failed: both are the model's, and neither
is fixed yet (see the README's reasoning section).

Usage: python3 quickstart_acceptance.py SWIFTLET_BINARY [ROUNDS]

Exits non-zero on the first failure; prints one JSON line of measurements at the end.
"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

binary = os.path.abspath(sys.argv[1])
rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 20
KEY = "quickstart-key"
LIMIT_SECONDS = 15


def check(cond, what, server=None):
    if not cond:
        print(f"FAIL: {what}", file=sys.stderr)
        if server is not None and server.poll() is None:
            server.kill()
        sys.exit(1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post(url, body, headers):
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json", **headers})
    start = time.monotonic()
    with urllib.request.urlopen(req, timeout=120) as r:
        status, data = r.status, json.loads(r.read())
    return status, data, time.monotonic() - start


port = free_port()
base = f"http://127.0.0.1:{port}"
env = {k: v for k, v in os.environ.items() if not k.startswith("SWIFTLET_")}
if os.environ.get("SWIFTLET_HOME"):
    env["SWIFTLET_HOME"] = os.environ["SWIFTLET_HOME"]
log = tempfile.TemporaryFile()
server = subprocess.Popen([binary, "serve", "--port", str(port), "--api-key", KEY, "--log-level", "warning"],
                          stdout=subprocess.DEVNULL, stderr=log, env=env)
try:
    for _ in range(240):
        try:
            with urllib.request.urlopen(base + "/health", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.5)
    else:
        check(False, "server did not come up", server)

    quickstarts = [
        ("modelslab", "/api/v7/llm/chat/completions",
         {"model_id": "x-ai-grok-3-mini", "messages": [{"role": "user", "content": "Hello!"}], "key": KEY}, {}),
        ("aiml", "/v1/chat/completions",
         {"model": "x-ai/grok-3-mini-beta", "messages": [{"role": "user", "content": "Hello!"}]},
         {"Authorization": f"Bearer {KEY}"}),
    ]
    seconds, tokens = {name: [] for name, *_ in quickstarts}, []
    capped, tagged = {name: 0 for name, *_ in quickstarts}, {name: 0 for name, *_ in quickstarts}
    for i in range(rounds):
        for name, path, body, headers in quickstarts:
            status, data, elapsed = post(base + path, body, headers)
            what = f"{name} quick-start, try {i + 1}"
            check(status == 200, f"{what}: status {status}", server)
            choice = data["choices"][0]
            message = choice["message"]
            content = (message.get("content") or "").strip()
            check(elapsed < LIMIT_SECONDS, f"{what}: {elapsed:.1f} s (limit {LIMIT_SECONDS} s)", server)
            check(content != "", f"{what}: empty answer {json.dumps(data)[:400]}", server)
            check((message.get("reasoning_content") or "").strip() != "", f"{what}: no reasoning trace", server)
            check(choice["finish_reason"] in ("stop", "length"), f"{what}: finish {choice['finish_reason']}", server)
            seconds[name].append(elapsed)
            capped[name] += choice["finish_reason"] == "length"
            tagged[name] += "<think" in content or "</think" in content
            tokens.append(data["usage"]["completion_tokens"])
finally:
    if server.poll() is None:
        server.terminate()
        server.wait(timeout=30)

print(json.dumps({
    "rounds": rounds,
    "max_seconds": {k: round(max(v), 2) for k, v in seconds.items()},
    "mean_seconds": {k: round(sum(v) / len(v), 2) for k, v in seconds.items()},
    "ran_to_the_cap": capped,
    "answers_with_a_tag": tagged,
    "mean_completion_tokens": round(sum(tokens) / len(tokens), 1),
}))
