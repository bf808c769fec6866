#!/usr/bin/env python3
"""What accounting costs: server throughput with 8 streaming clients, accounting on vs off, alternating runs, and
the per-request admission time (auth lookup + rate-limit buckets + credit reservation, one store transaction).

  python3 Benchmarks/platform_overhead.py [--binary .build/release/swiftlet] [--database PATH_OR_URL] [--runs 3]
                                          [--duration 40] [--clients 8]

"off" serves with `--database none` and a static key (no store, no ledger). "on" serves with the database (a fresh
SQLite file by default, or a postgres:// URL) and a platform key that has a balance, an RPM and a TPM limit, so every
request takes the whole path: digest lookup, both buckets, a reservation at admission, and the ledger row, the
balance and the token refund at settlement. The two alternate, so both see the same machine. Admission times come
from the server's debug log (`admission_us`), measured around the admission call only.

Prints one line per run and a JSON summary: tokens/s per mode, the on/off ratio of medians, admission p50/p99.
"""
import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ap = argparse.ArgumentParser()
ap.add_argument("--binary", default=".build/release/swiftlet")
ap.add_argument("--database", help="SQLite path or postgres:// URL for the 'on' runs (default: a fresh SQLite file)")
ap.add_argument("--runs", type=int, default=3)
ap.add_argument("--duration", type=float, default=40)
ap.add_argument("--clients", type=int, default=8)
ap.add_argument("--max-tokens", type=int, default=128)
args = ap.parse_args()

work = tempfile.mkdtemp(prefix="swiftlet-overhead-")
database = args.database or os.path.join(work, "swiftlet.sqlite")
here = os.path.dirname(os.path.abspath(__file__))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(mode, port, log):
    cmd = [args.binary, "serve", "--port", str(port), "--slots", "8", "--context", "1024", "--log-level", "debug"]
    cmd += ["--database", "none", "--api-key", "sk-static-bench"] if mode == "off" else ["--database", database]
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT)
    for _ in range(600):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1):
                return proc
        except Exception:
            time.sleep(0.2)
    proc.kill()
    sys.exit(f"server ({mode}) did not start")


created = json.loads(subprocess.run([args.binary, "keys", "create", "--name", "bench", "--credits", "1000", "--rpm", "100000",
                                     "--tpm", "100000000", "--json", "--database", database],
                                    check=True, capture_output=True, text=True).stdout)
keys = {"off": "sk-static-bench", "on": created["secret"]}
results = {"off": [], "on": []}
admission = []
for run in range(args.runs):
    for mode in (("off", "on") if run % 2 == 0 else ("on", "off")):
        port = free_port()
        log_path = os.path.join(work, f"{mode}-{run}.log")
        with open(log_path, "w") as log:
            proc = serve(mode, port, log)
            out_path = os.path.join(work, f"{mode}-{run}.json")
            subprocess.run([sys.executable, os.path.join(here, "load.py"), "--base-url", f"http://127.0.0.1:{port}",
                            "--clients", str(args.clients), "--duration", str(args.duration), "--max-tokens",
                            str(args.max_tokens), "--api-key", keys[mode], "--json", out_path],
                           check=True, stdout=subprocess.DEVNULL)
            proc.terminate()
            proc.wait(timeout=60)
        summary = json.load(open(out_path))["summary"]
        tps = summary["tokens_per_s"]
        results[mode].append(tps)
        if mode == "on":
            admission += [int(m) for m in re.findall(r"admission_us=(\d+)", open(log_path).read())]
        print(f"run {run + 1} {mode:>3}: {tps:.1f} tokens/s, {summary['errors']} errors", flush=True)

on, off = statistics.median(results["on"]), statistics.median(results["off"])
admission.sort()
pick = lambda q: admission[min(len(admission) - 1, int(q * len(admission)))] if admission else None
print(json.dumps({"tokens_per_second": results, "ratio_on_off": round(on / off, 3),
                  "admission_us": {"n": len(admission), "p50": pick(0.5), "p99": pick(0.99), "max": admission[-1] if admission else None},
                  "database": "postgresql" if database.startswith("postgres") else "sqlite"}))
