"""Operations acceptance on real `swiftlet serve` processes with the default model: configuration precedence and
`swiftlet config`, API keys from a file, secrets kept out of logs, the SIGTERM drain (a stream within the grace period
finishes, one past it is cancelled and the process exits), and streaming through a real nginx with the sample
configuration in docs/deploy/nginx.conf.

Usage: python3 operations_acceptance.py SWIFTLET_BINARY

Exits non-zero on the first failure; prints one JSON line of measurements at the end. nginx must be installed
(scripts/test.sh installs it from Debian's packages).
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

binary = os.path.abspath(sys.argv[1])
repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
workdir = tempfile.mkdtemp(prefix="swiftlet-ops-")
MODEL = "smollm2-135m-instruct"
measurements = {}
processes = []


def check(cond, what):
    if not cond:
        print(f"FAIL: {what}", file=sys.stderr)
        for p in processes:
            if p.poll() is None:
                p.kill()
        sys.exit(1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def base_env(**extra):
    """The caller's environment without SWIFTLET_* settings; a fresh SWIFTLET_HOME whose models/ is the real one."""
    models = os.path.join(os.environ.get("SWIFTLET_HOME") or os.path.expanduser("~/.cache/swiftlet"), "models")
    home = os.path.join(workdir, "home")
    if not os.path.exists(home):
        os.makedirs(home)
        os.symlink(models, os.path.join(home, "models"))
    env = {k: v for k, v in os.environ.items() if not k.startswith("SWIFTLET_")}
    env["SWIFTLET_HOME"] = home
    env.update(extra)
    return env


def http(method, url, body=None, headers=None, timeout=60):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def start_server(args, env, log_name):
    port = free_port()
    log = open(os.path.join(workdir, log_name), "w")
    proc = subprocess.Popen([binary, "serve", "--port", str(port), *args], stdout=log, stderr=subprocess.STDOUT, env=env)
    processes.append(proc)
    deadline = time.time() + 120
    while time.time() < deadline:
        check(proc.poll() is None, f"server exited early; log:\n{open(os.path.join(workdir, log_name)).read()}")
        try:
            if http("GET", f"http://127.0.0.1:{port}/health", timeout=2)[0] == 200:
                return proc, port
        except OSError:
            pass
        time.sleep(0.2)
    check(False, "server did not become healthy")


def stream_chat(port, key, prompt, max_tokens, on_first=None, headers=None):
    """Streams a chat completion; returns (chunk arrival times, content, saw [DONE])."""
    body = json.dumps({"model": MODEL, "stream": True, "max_tokens": max_tokens, "temperature": 0,
                       "messages": [{"role": "user", "content": prompt}]}).encode()
    sock = socket.create_connection(("127.0.0.1", port), timeout=120)
    request = (f"POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
               f"Authorization: Bearer {key}\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode() + body
    sock.sendall(request)
    times, raw, content, done, first = [], b"", "", False, True
    while True:
        try:
            chunk = sock.recv(65536)
        except (ConnectionResetError, socket.timeout):
            break
        if not chunk:
            break
        times.append(time.time())
        raw += chunk
        if first and b"data:" in raw and on_first:
            first = False
            on_first()
    sock.close()
    for line in raw.decode(errors="replace").split("\n"):
        if line.startswith("data: "):
            data = line[6:].strip()
            if data == "[DONE]":
                done = True
            else:
                try:
                    delta = json.loads(data)["choices"][0]["delta"]
                    content += delta.get("content") or ""
                except (ValueError, KeyError, IndexError):
                    pass
    return times, content, done


# 1. Precedence, as `swiftlet config` reports it: flag > environment > YAML file > default; secrets redacted.
config_path = os.path.join(workdir, "config.yaml")
with open(config_path, "w") as f:
    f.write("host: 127.0.0.1\nport: 9100\nslots: 3\nmaxConnections: 50\nmetricsKey: metrics-secret-yaml\n"
            "shutdownGraceSeconds: 20\n")
out = subprocess.run([binary, "config", "--config", config_path, "--port", "9300"], capture_output=True, text=True,
                     env=base_env(SWIFTLET_PORT="9200", SWIFTLET_SLOTS="5"), timeout=60)
check(out.returncode == 0, f"swiftlet config failed: {out.stderr}")
effective = json.loads(out.stdout)
settings, sources = effective["settings"], effective["sources"]
check(settings["port"] == 9300 and sources["port"] == "flag", f"flag should win: {settings['port']}, {sources['port']}")
check(settings["slots"] == 5 and sources["slots"] == "environment SWIFTLET_SLOTS", "environment should beat the file")
check(settings["maxConnections"] == 50 and sources["maxConnections"].startswith("file "), "file should beat the default")
check(settings["idleTimeoutSeconds"] == 300 and sources["idleTimeoutSeconds"] == "default", "default")
check("metrics-secret-yaml" not in out.stdout and settings["metricsKey"] == "<redacted>", "metricsKey must be redacted")
bad = os.path.join(workdir, "bad.json")
with open(bad, "w") as f:
    f.write('{"prot": 8080}')
out = subprocess.run([binary, "serve", "--config", bad], capture_output=True, text=True, env=base_env(), timeout=60)
check(out.returncode != 0 and "unknown key `prot` (did you mean `port`?)" in out.stderr,
      f"an unknown key must stop serve and be named: {out.stderr}")

# 2. Keys from a file; secrets never in the log (JSON log lines).
secret_a, secret_b = "sk-ops-file-secret-aaaaaaaaaaaaaaaa", "sk-ops-file-secret-bbbbbbbbbbbbbbbb"
keys_path = os.path.join(workdir, "keys")
with open(keys_path, "w") as f:
    f.write(f"# operators\n{secret_a}\n\n{secret_b}\n")
os.chmod(keys_path, 0o600)
env = base_env(SWIFTLET_METRICS_KEY="metrics-secret-env")
server, port = start_server(["--api-key-file", keys_path, "--database", "none", "--log-format", "json", "--slots", "2",
                             "--context", "1024", "--shutdown-grace", "30"], env, "drain.log")
status, _ = http("POST", f"http://127.0.0.1:{port}/v1/chat/completions",
                 {"model": MODEL, "max_tokens": 8, "messages": [{"role": "user", "content": "Hi"}]},
                 {"Authorization": f"Bearer {secret_b}"})
check(status == 200, f"a key from --api-key-file must authenticate ({status})")
status, body = http("POST", f"http://127.0.0.1:{port}/v1/chat/completions",
                    {"model": MODEL, "max_tokens": 8, "messages": [{"role": "user", "content": "Hi"}]},
                    {"Authorization": "Bearer sk-not-a-key"})
check(status == 401 and json.loads(body)["error"]["type"], f"an unknown key gets 401 in OpenAI's shape ({status})")
status, _ = http("GET", f"http://127.0.0.1:{port}/metrics")
check(status == 401, "the metrics key from SWIFTLET_METRICS_KEY protects /metrics")
status, _ = http("GET", f"http://127.0.0.1:{port}/metrics", headers={"Authorization": "Bearer metrics-secret-env"})
check(status == 200, "the metrics key opens /metrics")

# 3. SIGTERM drain, within the grace period: the running stream finishes with [DONE], the process then exits 0.
sent = {}
def terminate():
    sent["at"] = time.time()
    server.send_signal(signal.SIGTERM)
times, content, done = stream_chat(port, secret_a, "Count from 1 to 60, one number per line.", 160, on_first=terminate)
check("at" in sent, "the stream never started")
check(done and len(content) > 20, f"a stream running at SIGTERM must finish within the grace period (done={done})")
measurements["drain_stream_seconds_after_sigterm"] = round(times[-1] - sent["at"], 2)
try:
    code = server.wait(timeout=30)
except subprocess.TimeoutExpired:
    code = None
check(code == 0, f"the server must exit cleanly after the drain (exit {code})")
refused = False
try:
    socket.create_connection(("127.0.0.1", port), timeout=2).close()
except OSError:
    refused = True
check(refused, "nothing listens after shutdown")
log_text = open(os.path.join(workdir, "drain.log")).read()
for secret in (secret_a, secret_b, "metrics-secret-env"):
    check(secret not in log_text, "a secret appeared in the log")
check('"route"' in log_text or "route" in log_text, "request log lines are written")

# 4. Past the grace period: the stream is cancelled and the process exits soon after the grace.
server, port = start_server(["--api-key", secret_a, "--database", "none", "--slots", "1", "--context", "2048",
                             "--shutdown-grace", "1"], base_env(), "cut.log")
sent = {}
times, content, done = stream_chat(port, secret_a, "Write the numbers from 1 to 1000, one per line.", 1800,
                                   on_first=terminate)
check(not done, "a stream still running after the grace period must be cut, not finished")
try:
    code = server.wait(timeout=20)
except subprocess.TimeoutExpired:
    code = None
exited = time.time() - sent["at"]
check(code is not None, "the server must exit after the grace period")
check(exited < 12, f"exit {exited:.1f} s after SIGTERM with a 1 s grace")
measurements["cut_exit_seconds_after_sigterm"] = round(exited, 2)

# 5. Streaming through nginx with docs/deploy/nginx.conf: tokens arrive as they are made, same text as direct.
nginx = shutil.which("nginx") or "/usr/sbin/nginx"
check(os.path.exists(nginx), "nginx is not installed")
server, port = start_server(["--api-key", secret_a, "--database", "none", "--slots", "2", "--context", "1024"],
                            base_env(), "nginx-upstream.log")
proxy_port = free_port()
sample = open(os.path.join(repo, "docs", "deploy", "nginx.conf")).read()
site = sample.replace("127.0.0.1:8080", f"127.0.0.1:{port}").replace("listen 80;", f"listen 127.0.0.1:{proxy_port};")
check(site != sample and f"127.0.0.1:{proxy_port}" in site, "the sample nginx.conf changed shape; update this test")
prefix = os.path.join(workdir, "nginx")
os.makedirs(os.path.join(prefix, "logs"), exist_ok=True)
with open(os.path.join(prefix, "nginx.conf"), "w") as f:
    f.write(f"""worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/logs/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log {prefix}/logs/access.log;
    client_body_temp_path {prefix}/body; proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi; uwsgi_temp_path {prefix}/uwsgi; scgi_temp_path {prefix}/scgi;
{site}
}}
""")
proxy = subprocess.Popen([nginx, "-p", prefix, "-c", os.path.join(prefix, "nginx.conf"), "-g", "daemon off;"],
                         stdout=subprocess.DEVNULL, stderr=open(os.path.join(prefix, "logs", "stderr.log"), "w"))
processes.append(proxy)
deadline = time.time() + 20
while time.time() < deadline:
    try:
        socket.create_connection(("127.0.0.1", proxy_port), timeout=1).close()
        break
    except OSError:
        check(proxy.poll() is None, f"nginx exited: {open(os.path.join(prefix, 'logs', 'stderr.log')).read()}")
        time.sleep(0.2)
prompt = "List ten fruits, one per line."
direct_times, direct_text, direct_done = stream_chat(port, secret_a, prompt, 120)
proxied_times, proxied_text, proxied_done = stream_chat(proxy_port, secret_a, prompt, 120)
check(direct_done and proxied_done, "both streams must finish")
check(proxied_text == direct_text, "the proxied stream must carry the same tokens")
spread = proxied_times[-1] - proxied_times[0]
direct_spread = direct_times[-1] - direct_times[0]
check(len(proxied_times) >= 5 and spread > 0.5 * direct_spread,
      f"nginx must pass tokens on as they come: {len(proxied_times)} reads over {spread:.2f} s (direct {direct_spread:.2f} s)")
measurements["nginx_reads"] = len(proxied_times)
measurements["nginx_stream_spread_seconds"] = round(spread, 2)
measurements["direct_stream_spread_seconds"] = round(direct_spread, 2)
proxy.send_signal(signal.SIGQUIT)
server.send_signal(signal.SIGTERM)
for p in (proxy, server):
    try:
        p.wait(timeout=30)
    except subprocess.TimeoutExpired:
        p.kill()

print(json.dumps(measurements))
