"""The OpenAPI contract against a live server: schemathesis generates requests for every operation in
/openapi.json (valid and invalid ones) and checks that no answer is a 5xx, that every status and content type is one
the document lists, and that every JSON body (errors included, in each API's own error shape) matches its schema.

Usage: python3 openapi_acceptance.py SWIFTLET_BINARY [MAX_EXAMPLES]

The server runs the default model with a small context (so any generation ends quickly) on a fresh SQLite database,
with a static admin key that schemathesis sends. Exits non-zero on any failure; the server must still be alive and
healthy at the end.
"""
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

binary = os.path.abspath(sys.argv[1])
max_examples = sys.argv[2] if len(sys.argv) > 2 else "8"
workdir = tempfile.mkdtemp(prefix="swiftlet-openapi-")
models = os.path.join(os.environ.get("SWIFTLET_HOME") or os.path.expanduser("~/.cache/swiftlet"), "models")
os.symlink(models, os.path.join(workdir, "models"))
env = {k: v for k, v in os.environ.items() if not k.startswith("SWIFTLET_")}
env["SWIFTLET_HOME"] = workdir
KEY = "sk-openapi-admin-key"

with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
base = f"http://127.0.0.1:{port}"
log = open(os.path.join(workdir, "server.log"), "w")
server = subprocess.Popen([binary, "serve", "--port", str(port), "--api-key", KEY, "--context", "256", "--slots", "2",
                           "--default-max-tokens", "16"], stdout=log, stderr=subprocess.STDOUT, env=env)


def fail(what):
    print(f"FAIL: {what}", file=sys.stderr)
    if server.poll() is None:
        server.kill()
    print(open(os.path.join(workdir, "server.log")).read()[-3000:], file=sys.stderr)
    sys.exit(1)


def healthy():
    try:
        with urllib.request.urlopen(f"{base}/health", timeout=5) as r:
            return r.status == 200
    except OSError:
        return False


deadline = time.time() + 120
while not healthy():
    if server.poll() is not None or time.time() > deadline:
        fail("the server did not start")
    time.sleep(0.2)

started = time.time()
command = [shutil.which("schemathesis") or "schemathesis", "run", f"{base}/openapi.json",
           "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance",
           "--header", f"Authorization: Bearer {KEY}", "--max-examples", max_examples, "--workers", "2",
           "--request-timeout", "60", "--seed", "1", "--no-color", "--phases", "examples,coverage,fuzzing"]
result = subprocess.run(command, cwd=workdir, capture_output=True, text=True, timeout=1500)
print(result.stdout[-6000:])
if result.returncode != 0:
    print(result.stderr[-3000:], file=sys.stderr)
    fail(f"schemathesis found failures (exit {result.returncode})")
if server.poll() is not None or not healthy():
    fail("the server died or stopped answering under schemathesis")
server.terminate()
server.wait(timeout=60)
print(json.dumps({"schemathesis_seconds": round(time.time() - started, 1), "max_examples": int(max_examples)}))
