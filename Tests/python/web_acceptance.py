"""The web pages in a real browser: headless Chromium (Debian's chromium and chromium-driver) driven by Selenium
against a real `swiftlet serve` on the default model, with a fresh SQLite database and a metered key.

Usage: python3 web_acceptance.py SWIFTLET_BINARY [SCREENSHOT_DIR]

Checks (exits non-zero on the first failure; prints the screenshots' paths and one JSON line of timings):
1. Every page parses as HTML5 without a single error (html5lib, strict), carries a Content-Security-Policy without
   'unsafe-inline', and needs no key, while the API still answers 401 without one; unknown model pages are 404
   pages; /llms.txt and /models/{id}.md list every served name with its id, prices, context length and endpoints.
2. The playground's snippets at its default settings equal the model page's (two renderers, one output).
3. A prompt typed and sent streams: the text in `output` grows over several steps.
4. Changed settings reach the server (its JSON debug log line of the request, and the ledger row: at most
   max_tokens tokens) and the snippets; the Python, cURL, OpenAI SDK, Anthropic SDK (and, with Node, JavaScript)
   snippets copied from the page run verbatim and answer 200 (each adds a completed ledger row).
5. With a grok alias the `reasoning` panel fills before any answer text.
6. Stop ends the stream (nothing more arrives), the ledger marks it cancelled, and the next request (one slot)
   starts at once.
7. The usage page shows the request just made, the balance and the chart.
8. No Content-Security-Policy violation in the browser's console; every control has a label; the dark theme
   differs from the light one. Screenshots of the playground, the model page and the usage page are saved.
"""
import ast
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

import html5lib
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

binary = os.path.abspath(sys.argv[1])
shots = sys.argv[2] if len(sys.argv) > 2 else tempfile.mkdtemp(prefix="swiftlet-web-shots-")
os.makedirs(shots, exist_ok=True)
workdir = tempfile.mkdtemp(prefix="swiftlet-web-")
database = os.path.join(workdir, "swiftlet.sqlite")
log_path = os.path.join(workdir, "serve.log")
MODEL = "smollm2-135m-instruct"
GROK = "grok-3-mini"
timings = {}
t_start = time.monotonic()


def check(cond, what):
    if not cond:
        print(f"FAIL: {what}", file=sys.stderr)
        print(f"(server log: {log_path}; screenshots: {shots})", file=sys.stderr)
        raise SystemExit(1)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cli_json(*args):
    out = subprocess.run([binary, *args, "--database", database, "--json"], capture_output=True, text=True, timeout=120)
    check(out.returncode == 0, f"swiftlet {' '.join(args)}: {out.stderr}")
    return json.loads(out.stdout)


def get(path, key=None, accept=None):
    headers = {}
    if key:
        headers["Authorization"] = f"Bearer {key}"
    if accept:
        headers["Accept"] = accept
    req = urllib.request.Request(base + path, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, r.headers, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode()


def ledger():
    status, _, body = get("/v1/me/usage?limit=100", key)
    check(status == 200, f"/v1/me/usage: {status} {body[:200]}")
    return json.loads(body)["data"]


def strict_parse(path, html):
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    try:
        return parser.parse(html)
    except Exception as e:  # noqa: BLE001
        lines = html.splitlines()
        (line, _), *_ = parser.errors[0] if parser.errors else ((1, 0),)
        check(False, f"{path} is not valid HTML5: {e}; errors {parser.errors[:3]}; line {line}: {lines[line - 1][:200]!r}")


def server_log_requests():
    """The debug lines the server logged for chat requests (its JSON log)."""
    found = []
    with open(log_path) as f:
        for line in f:
            if line.startswith("{"):
                try:
                    entry = json.loads(line)
                except ValueError:
                    continue
                if entry.get("message") == "chat request":
                    found.append(entry)
    return found


# ---- Server ----------------------------------------------------------------------------------------------------
key = cli_json("keys", "create", "--name", "web", "--credits", "5")["secret"]
port = free_port()
base = f"http://127.0.0.1:{port}"
server = subprocess.Popen(
    [binary, "serve", "--port", str(port), "--database", database, "--slots", "1", "--context", "2048",
     "--log-format", "json", "--log-level", "debug"],
    stdout=open(log_path, "w"), stderr=subprocess.STDOUT)
driver = None
try:
    deadline = time.time() + 180
    while True:
        check(server.poll() is None, f"the server exited: see {log_path}")
        try:
            with urllib.request.urlopen(base + "/health", timeout=2) as r:
                if r.status == 200:
                    break
        except Exception:  # noqa: BLE001
            check(time.time() < deadline, "the server did not start")
            time.sleep(0.2)
    timings["server_start_s"] = round(time.monotonic() - t_start, 1)

    # ---- 1. Pages without a browser ----------------------------------------------------------------------------
    status, _, body = get("/v1/models")
    check(status == 401, f"the API still needs a key ({status})")
    status, _, body = get("/v1/models", key)
    models = json.loads(body)["data"]
    names = [m["id"] for m in models] + [a for m in models for a in m["aliases"]]
    check(MODEL in names and GROK in names, f"served names {names}")
    pages = ["/", "/playground", "/models", "/usage", "/playground?model=grok-3-mini"] + [f"/models/{n}" for n in names]
    for path in pages:
        status, headers, html = get(path)
        check(status == 200, f"{path} answers {status} without a key")
        csp = headers.get("Content-Security-Policy", "")
        check("script-src 'self'" in csp and "unsafe-inline" not in csp, f"{path} CSP: {csp!r}")
        strict_parse(path, html)
    status, headers, html = get("/models/no-such-model")
    check(status == 404 and "Not found" in html, f"unknown model page: {status}")
    strict_parse("/models/no-such-model", html)
    status, _, html = get("/nowhere", accept="text/html")
    check(status == 404, "unknown page is a 404")
    strict_parse("/nowhere", html)
    status, headers, llms = get("/llms.txt")
    check(status == 200 and headers.get("Content-Type", "").startswith("text/plain"), "llms.txt")
    for name in names:
        check(f"model id `{name}`" in llms, f"llms.txt lists {name}")
        status, headers, md = get(f"/models/{name}.md")
        check(status == 200 and headers.get("Content-Type", "").startswith("text/markdown"), f"{name}.md")
        check(f"# {name}\n" in md and "Context length:" in md and "Prices:" in md, f"{name}.md facts")
        for other in names:
            check(f"model id `{other}`" in md, f"{name}.md lists {other}")
        status, _, one = get(f"/models/{name}/llms.txt")
        check(status == 200 and f"Model id: `{name}`" in one, f"/models/{name}/llms.txt")
    for text in (llms, md):
        for endpoint in ("/v1/chat/completions", "/v1/messages", "/v1/messages/count_tokens", "/v1/models"):
            check(base + endpoint in text, f"endpoint {endpoint} with this server's URL")
        check("$0.30 / 1M input tokens" in text and "tokens" in text, "prices listed")
    timings["static_checks_s"] = round(time.monotonic() - t_start, 1)

    # The model page's snippets, as served (for comparison with the playground's).
    status, _, html = get(f"/models/{MODEL}")
    doc = strict_parse(f"/models/{MODEL}", html)
    page_snippets = {}
    for node in doc.iter():
        tid = node.get("data-testid") or ""
        if tid.startswith("snippet-"):
            page_snippets[tid] = "".join(node.itertext())
    check(len(page_snippets) >= 6, f"model page snippets {sorted(page_snippets)}")

    # ---- Browser -----------------------------------------------------------------------------------------------
    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1400,1000",
                "--force-device-scale-factor=1"):
        options.add_argument(arg)
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(60)
    wait = WebDriverWait(driver, 60, poll_frequency=0.05)

    def tid(name):
        return driver.find_element(By.CSS_SELECTOR, f'[data-testid="{name}"]')

    def text_of(name):
        return driver.execute_script(
            "const e = document.querySelector(arguments[0]); return e ? e.textContent : null;", f'[data-testid="{name}"]')

    def set_value(name, value):
        e = tid(name)
        e.clear()
        e.send_keys(str(value))

    def idle():
        wait.until(lambda d: not tid("send").get_attribute("disabled") and tid("stop").get_attribute("disabled"))

    def watch():
        """Records (ms, reasoning length, output length) on every change of the newest answer."""
        driver.execute_script("""
            window.__trace = [];
            const t0 = performance.now();
            const record = () => {
              const r = document.querySelector('[data-testid="reasoning"] .trace');
              const o = document.querySelector('[data-testid="output"]');
              window.__trace.push([performance.now() - t0, r ? r.textContent.length : 0, o ? o.textContent.length : 0]);
            };
            new MutationObserver(record).observe(document.getElementById('transcript'),
              {childList: true, subtree: true, characterData: true});
        """)

    driver.get(base + "/playground")
    wait.until(lambda d: text_of("snippet-python"))
    # 2. The two renderers agree at the defaults (no key pasted yet).
    for name, code in page_snippets.items():
        check(text_of(name) == code, f"{name}: the playground and the model page disagree:\n{text_of(name)}\n---\n{code}")
    unlabeled = driver.execute_script("""
        return Array.from(document.querySelectorAll('input, select, textarea'))
          .filter(e => e.type !== 'hidden' && e.labels.length === 0 && !e.getAttribute('aria-label')).map(e => e.id);""")
    check(unlabeled == [], f"controls without a label: {unlabeled}")
    check(text_of("temperature") is not None and tid("temperature").get_attribute("value") == "0.7", "temperature 0.7")
    check(tid("max-tokens").get_attribute("value") == "1000" and tid("top-p").get_attribute("value") == "0.9", "defaults")
    tid("api-key").send_keys(key)
    check(key in text_of("snippet-python") and key in text_of("snippet-curl"), "the pasted key is in the snippets")
    check(driver.execute_script("return localStorage.getItem('swiftlet.apiKey')") == key, "key kept in local storage")
    check(key not in driver.current_url, "key never in the URL")

    # 3. Streaming: the text in `output` grows over several steps.
    Select(tid("model")).select_by_value(MODEL)
    set_value("max-tokens", 40)
    watch()
    tid("prompt").send_keys("Write three sentences about the sea." + Keys.ENTER)
    t0 = time.monotonic()
    idle()
    timings["stream_s"] = round(time.monotonic() - t0, 2)
    lengths = sorted({row[2] for row in driver.execute_script("return window.__trace")})
    check(len([n for n in lengths if n > 0]) >= 3, f"output grew in steps: {lengths}")
    check(len(text_of("output")) > 0 and "prompt" in text_of("usage") and "$" in text_of("usage"),
          f"usage and cost shown: {text_of('usage')!r}")
    first_id = tid("usage").get_attribute("data-response-id")
    check(first_id and first_id.startswith("chatcmpl-"), f"response id {first_id}")

    # 4. Changed settings: in the snippets, in what the server received, and the snippets run verbatim.
    system = "You are terse and precise."
    set_value("system", system)
    set_value("temperature", "0.3")
    set_value("max-tokens", "8")
    set_value("top-p", "0.5")
    set_value("frequency-penalty", "0.25")
    set_value("presence-penalty", "0.15")
    Select(tid("reasoning-effort")).select_by_value("none")
    for name in ("snippet-python", "snippet-curl", "snippet-javascript", "snippet-php", "snippet-openai"):
        code = text_of(name)
        for needle in ("0.3", "8", "0.5", "0.25", "0.15", "none", system):
            check(needle in code, f"{name} shows {needle!r}")
    check('"temperature": 0.3' in text_of("snippet-python") and '"max_tokens": 8' in text_of("snippet-curl"), "fields")
    check("'temperature' => 0.3" in text_of("snippet-php"), "PHP fields")
    tid("prompt").send_keys("Name a color.")
    tid("send").click()
    idle()
    sent_id = tid("usage").get_attribute("data-response-id")
    logged = server_log_requests()[-1]
    expected = {"model": MODEL, "temperature": 0.3, "top_p": 0.5, "max_tokens": "8", "frequency_penalty": 0.25,
                "presence_penalty": 0.15, "reasoning_effort": "none", "system": len(system), "stream": "true",
                "messages": 4}
    for field, value in expected.items():
        got = logged.get(field)
        check(str(got) == str(value), f"the server received {field}={got!r}, the page was set to {value!r}: {logged}")
    row = ledger()[0]
    check(row["id"] == sent_id and row["completion_tokens"] + row["reasoning_tokens"] <= 8, f"ledger row {row}")

    before = len(ledger())
    snippet_dir = os.path.join(workdir, "snippets")
    os.makedirs(snippet_dir)
    runs = {"snippet-python": ["python3", "snippet.py"], "snippet-openai": ["python3", "snippet.py"],
            "snippet-anthropic": ["python3", "snippet.py"], "snippet-curl": ["bash", "snippet.sh"]}
    if shutil.which("node"):
        runs["snippet-javascript"] = ["node", "snippet.mjs"]
    for name, command in runs.items():
        path = os.path.join(snippet_dir, command[1])
        with open(path, "w") as f:
            f.write(text_of(name))
        out = subprocess.run(command, cwd=snippet_dir, capture_output=True, text=True, timeout=120)
        check(out.returncode == 0, f"{name} ran: {out.stderr[-800:]}")
        if name in ("snippet-python", "snippet-curl"):
            reply = ast.literal_eval(out.stdout) if name == "snippet-python" else json.loads(out.stdout)
            check(reply.get("object") == "chat.completion" and reply["choices"][0]["message"]["role"] == "assistant",
                  f"{name} got a completion (200): {out.stdout[:300]}")
    rows = ledger()
    check(len(rows) == before + len(runs) and all(r["status"] == "completed" for r in rows[:len(runs)]),
          f"each snippet made one completed request: {[(r['route'], r['status']) for r in rows[:len(runs)]]}")
    timings["snippets_s"] = round(time.monotonic() - t_start, 1)

    # 5. A grok alias: the reasoning panel fills before the answer.
    Select(tid("model")).select_by_value(GROK)
    Select(tid("reasoning-effort")).select_by_value("")
    set_value("max-tokens", "160")
    set_value("temperature", "0")  # greedy: the same trace on every run
    driver.find_element(By.ID, "new-chat").click()
    watch()
    tid("prompt").send_keys("What is 12 times 12?" + Keys.ENTER)
    idle()
    trace = driver.execute_script("return window.__trace")
    first_reasoning = next((t for t, r, o in trace if r > 0), None)
    first_answer = next((t for t, r, o in trace if o > 0), None)
    check(first_reasoning is not None, f"the reasoning panel filled: {trace[-3:]}")
    check(first_answer is None or first_reasoning < first_answer,
          f"reasoning ({first_reasoning} ms) before the answer ({first_answer} ms)")
    check(first_answer is not None, "an answer followed the reasoning")
    check(driver.execute_script(
        "return !document.querySelector('[data-testid=\"reasoning\"]').hidden"), "the reasoning panel is shown")
    driver.execute_script("document.querySelector('[data-testid=\"reasoning\"]').open = true; window.scrollTo(0, 0)")
    driver.save_screenshot(os.path.join(shots, "playground.png"))

    # 6. Stop: the stream ends, nothing more arrives, and the next request is served at once.
    Select(tid("model")).select_by_value(MODEL)
    set_value("max-tokens", "1000")
    set_value("temperature", "1")
    Select(tid("reasoning-effort")).select_by_value("none")
    driver.find_element(By.ID, "new-chat").click()
    tid("prompt").send_keys("Tell me a very long story about a dragon and a knight." + Keys.ENTER)
    wait.until(lambda d: len(text_of("output") or "") > 20)
    tid("stop").click()
    t_stop = time.monotonic()
    idle()
    stopped_at = len(text_of("output"))
    check("Stopped" in driver.find_element(By.ID, "status").text, "the page says it stopped")
    time.sleep(0.7)
    check(len(text_of("output")) == stopped_at, "nothing arrives after Stop")
    set_value("max-tokens", "8")
    t_next = time.monotonic()
    tid("prompt").send_keys("Say yes." + Keys.ENTER)
    wait.until(lambda d: len(text_of("output") or "") > 0 or not tid("send").get_attribute("disabled"))
    timings["next_after_stop_first_token_s"] = round(time.monotonic() - t_next, 2)
    idle()
    check(timings["next_after_stop_first_token_s"] < 5, f"the next request started at once ({timings})")
    last_id = tid("usage").get_attribute("data-response-id")
    rows = ledger()
    check(rows[0]["id"] == last_id and rows[0]["status"] == "completed", f"the next request completed: {rows[0]}")
    check(rows[1]["status"] == "cancelled" and rows[1]["completion_tokens"] < 1000, f"the stopped one is cancelled: {rows[1]}")
    timings["stop_to_idle_s"] = round(time.monotonic() - t_stop, 2)

    # 7. The usage page shows that request.
    driver.get(base + "/usage")
    wait.until(lambda d: last_id in (text_of("usage-latest") or ""))
    check("$" in text_of("usage-balance"), f"balance shown: {text_of('usage-balance')}")
    check(driver.execute_script("return document.querySelectorAll('#chart svg rect.bar').length") == 30, "30 daily bars")
    check(key not in driver.page_source, "the key is not written into the page")
    driver.set_window_size(1400, 1700)
    driver.save_screenshot(os.path.join(shots, "usage.png"))
    driver.set_window_size(1400, 1000)

    # 8. The model page, the console, the dark theme.
    driver.get(base + f"/models/{GROK}")
    check(tid("model-id").get_attribute("value") == GROK, "model id to copy")
    driver.save_screenshot(os.path.join(shots, "model-page.png"))
    light = driver.execute_script("return getComputedStyle(document.body).backgroundColor")
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    dark = driver.execute_script("return getComputedStyle(document.body).backgroundColor")
    check(light != dark, f"dark theme: {light} vs {dark}")
    driver.get(base + "/playground")
    wait.until(lambda d: text_of("snippet-python"))
    driver.save_screenshot(os.path.join(shots, "playground-dark.png"))
    console = driver.get_log("browser")
    violations = [e["message"] for e in console if "Content Security Policy" in e["message"]]
    check(not violations, f"CSP violations: {violations}")
    errors = [e["message"] for e in console if e["level"] == "SEVERE"]
    check(not errors, f"browser errors: {errors}")
finally:
    if driver is not None:
        driver.quit()
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()

timings["total_s"] = round(time.monotonic() - t_start, 1)
for name in ("playground.png", "model-page.png", "usage.png", "playground-dark.png"):
    print("screenshot:", os.path.join(shots, name))
print(json.dumps({"web_acceptance": "ok", **timings}))
