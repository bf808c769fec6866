#!/usr/bin/env python3
"""Answer-quality benchmark for an OpenAI-compatible chat server (Swiftlet, llama-server, ...).

Asks every question of Benchmarks/qa_questions.json (easy items with keyword answers) through
POST /v1/chat/completions, for each model x configuration, and grades the final answer text (`message.content`,
never `reasoning_content`; `<think>...</think>` blocks left in `content` are dropped too) by a case-insensitive
whole-word match of any accepted answer. Prints a table per model x configuration: accuracy, mean/max seconds per
answer, timeouts, errors, mean completion and reasoning tokens (from `usage`).

  python3 Benchmarks/qa.py --base-url http://127.0.0.1:8080
  python3 Benchmarks/qa.py --base-url http://127.0.0.1:8080 --model smollm2-135m-instruct --configs defaults,t0 --limit 4
  python3 Benchmarks/qa.py --reasoning-model grok-3-mini --json /tmp/qa.json

Configurations (`--configs`, comma-separated); each is `-`-joined parts:
  defaults   send no sampling fields at all (what a new user sends)
  t<X>       temperature X (t0, t0.7)
  p<X>       top_p X
  rp<X>      repetition_penalty X (llama.cpp's extension; Swiftlet, llama-server, vLLM accept it)
  dry<X>     dry_multiplier X (the DRY penalty; 0 turns Swiftlet's default guard off)
  reasoning  turn reasoning on: send `reasoning_effort` (--reasoning-effort, default low), or, with
             --reasoning-model NAME, send the request to that model (an alias that always reasons) instead
e.g. defaults, t0, t0.7, reasoning-defaults, reasoning-t0, t0.7-p0.9.

Only the standard library. Exit code 0 whatever the accuracy (it is a measurement); 2 when the server cannot be
reached (connection refused/reset, bad URL) or the question file is unusable.
"""

import argparse
import http.client
import json
import os
import re
import socket
import statistics
import sys
import time
import urllib.parse

DEFAULT_CONFIGS = "defaults,t0,t0.7,reasoning-defaults,reasoning-t0"
HERE = os.path.dirname(os.path.abspath(__file__))


class ConnectionFailure(Exception):
    """The server cannot be reached at all: aborts the run (exit code 2)."""


# ---------------------------------------------------------------------------------------------------------------
# HTTP


class Client:
    def __init__(self, base_url, api_key=None):
        u = urllib.parse.urlsplit(base_url)
        if u.scheme not in ("http", "https") or not u.hostname:
            raise ConnectionFailure(f"bad --base-url {base_url!r} (want http://host:port)")
        self.scheme = u.scheme
        self.host = u.hostname
        self.port = u.port or (443 if u.scheme == "https" else 80)
        self.prefix = u.path.rstrip("/")
        if self.prefix.endswith("/v1"):  # accept both http://h:p and http://h:p/v1
            self.prefix = self.prefix[:-3]
        self.api_key = api_key

    def request(self, method, path, body=None, timeout=60.0):
        """Returns (status, parsed JSON or raw text). Raises socket.timeout / TimeoutError on timeout and
        ConnectionFailure when the server cannot be reached."""
        cls = http.client.HTTPSConnection if self.scheme == "https" else http.client.HTTPConnection
        conn = cls(self.host, self.port, timeout=timeout)
        headers = {"Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        try:
            conn.request(method, self.prefix + path, body=data, headers=headers)
            resp = conn.getresponse()
            raw = resp.read()
        except (socket.timeout, TimeoutError):
            raise
        except (ConnectionError, socket.gaierror, http.client.RemoteDisconnected, OSError) as e:
            raise ConnectionFailure(f"{method} {self.prefix + path} on {self.host}:{self.port}: {e}") from e
        finally:
            conn.close()
        text = raw.decode("utf-8", "replace")
        try:
            return resp.status, json.loads(text)
        except ValueError:
            return resp.status, text


def list_models(client, timeout):
    """Non-alias model ids from GET /v1/models: ids that are not listed in another entry's `aliases` and carry
    no `root` (Swiftlet lists aliases inside each model's `aliases`)."""
    status, body = client.request("GET", "/v1/models", timeout=timeout)
    if status != 200 or not isinstance(body, dict):
        raise ConnectionFailure(f"GET /v1/models: HTTP {status}: {str(body)[:200]}")
    data = body.get("data") or []
    aliases = set()
    for m in data:
        aliases.update(m.get("aliases") or [])
    return [m["id"] for m in data if m.get("id") and m["id"] not in aliases and "root" not in m]


# ---------------------------------------------------------------------------------------------------------------
# Configurations and grading


def parse_config(name):
    """`reasoning-t0.7-p0.9` -> {'reasoning': True, 'fields': {'temperature': 0.7, 'top_p': 0.9}}."""
    cfg = {"name": name, "reasoning": False, "fields": {}}
    for part in name.split("-"):
        if part == "reasoning":
            cfg["reasoning"] = True
        elif part in ("defaults", "default", ""):
            pass
        elif part[0] == "t" and _is_number(part[1:]):
            cfg["fields"]["temperature"] = float(part[1:])
        elif part[0] == "p" and _is_number(part[1:]):
            cfg["fields"]["top_p"] = float(part[1:])
        elif part.startswith("rp") and _is_number(part[2:]):
            cfg["fields"]["repetition_penalty"] = float(part[2:])
        elif part.startswith("dry") and _is_number(part[3:]):
            cfg["fields"]["dry_multiplier"] = float(part[3:])
        else:
            raise ValueError(f"unknown configuration part {part!r} in {name!r} (want defaults, t<X>, p<X>, rp<X>, dry<X>, reasoning)")
    return cfg


def _is_number(s):
    try:
        float(s)
        return True
    except ValueError:
        return False


THINK_RE = re.compile(r"<think>.*?(</think>|$)", re.S | re.I)


def final_text(content):
    return THINK_RE.sub(" ", content or "")


def answer_pattern(answer):
    """Whole word/number, case-insensitive; spaces in an answer match any whitespace; a number does not match
    inside a longer number or decimal (`4` does not match `14`, `4.5` or `1,4`)."""
    body = r"\s+".join(re.escape(w) for w in answer.split())
    return re.compile(r"(?<![0-9A-Za-z])(?<![0-9][.,])" + body + r"(?![0-9A-Za-z])(?![.,][0-9])", re.I)


def grade(text, answers):
    return any(answer_pattern(a).search(text) for a in answers)


# ---------------------------------------------------------------------------------------------------------------
# Running


def ask(client, model, question, cfg, args):
    body = {"model": model, "messages": [{"role": "user", "content": question["question"]}]}
    body.update(cfg["fields"])
    if cfg["reasoning"] and not args.reasoning_model:
        body["reasoning_effort"] = args.reasoning_effort
    if args.max_tokens is not None:
        body["max_tokens"] = args.max_tokens
    if args.seed is not None:
        body["seed"] = args.seed
    rec = {"id": question["id"], "category": question["category"], "question": question["question"],
           "accepted": question["answers"], "model": model, "config": cfg["name"], "answer": None,
           "reasoning": None, "correct": False, "timeout": False, "error": None, "seconds": None,
           "completion_tokens": None, "reasoning_tokens": None, "finish_reason": None}
    t0 = time.monotonic()
    try:
        status, resp = client.request("POST", "/v1/chat/completions", body, timeout=args.timeout)
    except (socket.timeout, TimeoutError):
        rec["seconds"] = time.monotonic() - t0
        rec["timeout"] = True
        return rec
    rec["seconds"] = time.monotonic() - t0
    if status != 200 or not isinstance(resp, dict) or not resp.get("choices"):
        msg = resp.get("error", resp) if isinstance(resp, dict) else resp
        if isinstance(msg, dict):
            msg = msg.get("message", msg)
        rec["error"] = f"HTTP {status}: {str(msg)[:300]}"
        return rec
    choice = resp["choices"][0]
    message = choice.get("message") or {}
    rec["answer"] = message.get("content") or ""
    rec["reasoning"] = message.get("reasoning_content") or message.get("reasoning")
    rec["finish_reason"] = choice.get("finish_reason")
    usage = resp.get("usage") or {}
    rec["completion_tokens"] = usage.get("completion_tokens")
    details = usage.get("completion_tokens_details") or {}
    rec["reasoning_tokens"] = details.get("reasoning_tokens")
    rec["correct"] = grade(final_text(rec["answer"]), question["answers"])
    return rec


def summarize(recs):
    n = len(recs)
    secs = [r["seconds"] for r in recs if r["seconds"] is not None]
    comp = [r["completion_tokens"] for r in recs if r["completion_tokens"] is not None]
    reas = [r["reasoning_tokens"] for r in recs if r["reasoning_tokens"] is not None]
    by_cat = {}
    for r in recs:
        c = by_cat.setdefault(r["category"], [0, 0])
        c[0] += r["correct"]
        c[1] += 1
    return {
        "n": n,
        "correct": sum(r["correct"] for r in recs),
        "mean_s": statistics.fmean(secs) if secs else None,
        "max_s": max(secs) if secs else None,
        "timeouts": sum(r["timeout"] for r in recs),
        "errors": sum(r["error"] is not None for r in recs),
        "mean_completion_tokens": statistics.fmean(comp) if comp else None,
        "mean_reasoning_tokens": statistics.fmean(reas) if reas else None,
        "by_category": {k: {"correct": v[0], "n": v[1]} for k, v in by_cat.items()},
    }


def fmt(x, spec):
    return "-" if x is None else format(x, spec)


def print_table(rows):
    head = ["model", "config", "accuracy", "n/N", "mean s", "max s", "timeouts", "errors", "compl tok", "reas tok"]
    lines = []
    for r in rows:
        s = r["summary"]
        acc = s["correct"] / s["n"] if s["n"] else 0.0
        lines.append([r["model"], r["config"], f"{100 * acc:.1f}%", f"{s['correct']}/{s['n']}", fmt(s["mean_s"], ".2f"),
                      fmt(s["max_s"], ".2f"), str(s["timeouts"]), str(s["errors"]),
                      fmt(s["mean_completion_tokens"], ".1f"), fmt(s["mean_reasoning_tokens"], ".1f")])
    widths = [max(len(h), *(len(l[i]) for l in lines)) for i, h in enumerate(head)]
    print()
    print("  ".join(h.ljust(w) if i < 2 else h.rjust(w) for i, (h, w) in enumerate(zip(head, widths))))
    print("  ".join("-" * w for w in widths))
    for l in lines:
        print("  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(l, widths))))
    print()
    cats = []
    for r in rows:
        for c in r["summary"]["by_category"]:
            if c not in cats:
                cats.append(c)
    print("by category (correct/asked): " + ", ".join(cats))
    for r in rows:
        bc = r["summary"]["by_category"]
        print(f"  {r['model']} {r['config']}: " +
              "  ".join(f"{c} {bc[c]['correct']}/{bc[c]['n']}" for c in cats if c in bc))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("--base-url", default="http://127.0.0.1:8080", help="server URL (default %(default)s)")
    ap.add_argument("--model", action="append", default=[],
                    help="model to test; repeatable (default: every non-alias id of GET /v1/models)")
    ap.add_argument("--configs", default=DEFAULT_CONFIGS, help="comma-separated configurations (default %(default)s)")
    ap.add_argument("--reasoning-model", metavar="NAME",
                    help="run the reasoning-* configurations once against this model (e.g. the alias grok-3-mini, "
                         "which always reasons) instead of sending reasoning_effort to each --model")
    ap.add_argument("--reasoning-effort", default="low", help="reasoning_effort of reasoning-* configs (default low)")
    ap.add_argument("--max-tokens", type=int, help="max_tokens (default: not sent)")
    ap.add_argument("--seed", type=int, help="seed (default: not sent)")
    ap.add_argument("--limit", type=int, help="ask only the first N questions")
    ap.add_argument("--timeout", type=float, default=60.0,
                    help="seconds per request (default 60); a timeout counts as wrong and is reported")
    ap.add_argument("--questions", default=os.path.join(HERE, "qa_questions.json"), help="question file")
    ap.add_argument("--api-key", default=os.environ.get("SWIFTLET_API_KEY"),
                    help="sent as Authorization: Bearer (default: $SWIFTLET_API_KEY if set)")
    ap.add_argument("--json", metavar="FILE", help="write every answer and the summaries to FILE")
    ap.add_argument("-q", "--quiet", action="store_true", help="no per-question progress lines")
    args = ap.parse_args()

    try:
        with open(args.questions, encoding="utf-8") as f:
            questions = json.load(f)
        for q in questions:
            assert q["id"] and q["category"] and q["question"] and q["answers"], q
    except (OSError, ValueError, KeyError, AssertionError) as e:
        print(f"error: question file {args.questions}: {e}", file=sys.stderr)
        return 2
    if args.limit is not None:
        questions = questions[: args.limit]
    try:
        configs = [parse_config(c.strip()) for c in args.configs.split(",") if c.strip()]
    except ValueError as e:
        ap.error(str(e))

    try:
        client = Client(args.base_url, args.api_key)
        models = args.model or list_models(client, args.timeout)
        if not models:
            print("error: GET /v1/models lists no models", file=sys.stderr)
            return 2
        runs = []  # (model sent, config)
        for cfg in configs:
            if cfg["reasoning"] and args.reasoning_model:
                runs.append((args.reasoning_model, cfg))
            else:
                runs.extend((m, cfg) for m in models)
        runs.sort(key=lambda r: (r[0] not in models, models.index(r[0]) if r[0] in models else 0))
        print(f"{len(questions)} questions x {len(runs)} runs against {args.base_url}: "
              + ", ".join(f"{m}/{c['name']}" for m, c in runs), flush=True)

        rows, answers = [], []
        for model, cfg in runs:
            recs = []
            for q in questions:
                rec = ask(client, model, q, cfg, args)
                recs.append(rec)
                if not args.quiet:
                    mark = "TIMEOUT" if rec["timeout"] else ("ERROR" if rec["error"] else ("ok" if rec["correct"] else "WRONG"))
                    shown = rec["error"] or " ".join(final_text(rec["answer"] or "").split())[:70]
                    print(f"  {model} {cfg['name']} {q['id']}: {mark:7} {rec['seconds']:6.2f}s  {shown!r}", flush=True)
            rows.append({"model": model, "config": cfg["name"], "request_fields": cfg["fields"],
                         "reasoning": cfg["reasoning"], "summary": summarize(recs)})
            answers.extend(recs)
    except ConnectionFailure as e:
        print(f"error: cannot reach the server: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130

    print_table(rows)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"base_url": args.base_url, "questions": len(questions), "max_tokens": args.max_tokens,
                       "seed": args.seed, "timeout": args.timeout, "reasoning_model": args.reasoning_model,
                       "reasoning_effort": args.reasoning_effort, "results": rows, "answers": answers},
                      f, indent=1, ensure_ascii=False)
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
