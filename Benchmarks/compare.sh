#!/usr/bin/env bash
# Runs `swiftlet bench` and, when LLAMA_BENCH points to a llama-bench binary, llama.cpp's bench on the same GGUF file,
# alternating the two so both see the same machine state, and prints tokens/s side by side with the ratio.
#
#   Benchmarks/compare.sh [MODEL…]             # default: both catalog models
#   LLAMA_BENCH=/path/to/llama-bench REPS=5 ROUNDS=2 THREADS=2 Benchmarks/compare.sh smollm2-135m-instruct
#
# Tests: pp512, tg128, tg128 at depths 1024 and 4096 (both engines), and tg128 with 4 sequences decoding together
# (ours only: llama-bench has no such test; its ratio is against our own pp512, the compute roof of a batched step).
# Ratios are per round (the two engines' runs of one test back to back), then the median over rounds; stddev is
# over every sample. SWIFTLET_ISA=avx2 in the environment compares our AVX2 kernels (pair it with an AVX2-only
# llama.cpp build). Flags are llama-bench's: -p, -n, -d,
# -r, -t; ours adds --sequences (JSON n_seqs). Both use batches of 512 tokens for prefill (our -b is the physical
# batch, llama-bench's n_ubatch, default 512). Also prints our load time and peak RSS against model file + KV cache.
set -euo pipefail
cd "$(dirname "$0")/.."
REPS=${REPS:-3}
ROUNDS=${ROUNDS:-2}
THREADS=${THREADS:-2}
models=("$@")
[ ${#models[@]} -gt 0 ] || models=(smollm2-135m-instruct gemma-3-270m)

swift build -c release --product swiftlet >/dev/null
SWIFTLET=.build/release/swiftlet
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for m in "${models[@]}"; do
    path=$($SWIFTLET inspect --json --model "$m" | python3 -c 'import json,sys; print(json.load(sys.stdin)["path"])')
    for round in $(seq 1 "$ROUNDS"); do
        for t in "-p 512 -n 0" "-p 0 -n 128" "-p 0 -n 128 -d 1024" "-p 0 -n 128 -d 4096"; do
            # shellcheck disable=SC2086
            $SWIFTLET bench --model "$path" $t -r "$REPS" -t "$THREADS" --json >>"$out/ours-$m-$round.jsonl"
            if [ -n "${LLAMA_BENCH:-}" ]; then
                # shellcheck disable=SC2086
                "$LLAMA_BENCH" -m "$path" $t -r "$REPS" -t "$THREADS" -o json 2>/dev/null >>"$out/llama-$m-$round.jsonl"
            fi
        done
        $SWIFTLET bench --model "$path" -p 0 -n 128 --sequences 4 -r "$REPS" -t "$THREADS" --json \
            >>"$out/ours-$m-$round.jsonl"
    done
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$out" "$ROUNDS" "${models[@]}" <<'PY'
import json, os, sys, statistics
out, rounds, models = sys.argv[1], int(sys.argv[2]), sys.argv[3:]

def load(path):
    rows = []
    if not os.path.exists(path):
        return rows
    text = open(path).read()
    dec = json.JSONDecoder()
    i = 0
    while i < len(text):
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            break
        v, i = dec.raw_decode(text, i)
        rows.extend(v if isinstance(v, list) else [v])
    return rows

def key(r):
    return (r.get("n_prompt", 0), r.get("n_gen", 0), r.get("n_depth", 0), r.get("n_seqs", 1))

def name(k):
    p, g, d, s = k
    n = f"pp{p}" if p else f"tg{g}"
    if d: n += f" @ d{d}"
    if s > 1: n += f" x{s} seqs"
    return n

def mib(b):
    return f"{b / 1048576:.1f} MiB"

def by_test(rows):
    tests = {}
    for r in rows:
        tests.setdefault(key(r), []).extend(r.get("samples_ts", [r["avg_ts"]]))
    return tests

def cell(samples):
    return f"{statistics.mean(samples):8.1f} ± {statistics.stdev(samples) if len(samples) > 1 else 0:5.1f}"

for m in models:
    # Per round: test -> samples, for both engines.
    ours_rounds = [by_test(load(f"{out}/ours-{m}-{i}.jsonl")) for i in range(1, rounds + 1)]
    theirs_rounds = [by_test(load(f"{out}/llama-{m}-{i}.jsonl")) for i in range(1, rounds + 1)]
    rows = [r for i in range(1, rounds + 1) for r in load(f"{out}/ours-{m}-{i}.jsonl")]
    ours, theirs = {}, {}
    for rd in ours_rounds:
        for k, v in rd.items(): ours.setdefault(k, []).extend(v)
    for rd in theirs_rounds:
        for k, v in rd.items(): theirs.setdefault(k, []).extend(v)
    roof = (512, 0, 0, 1)
    print(f"\n{m}")
    print(f"{'test':<22}{'swiftlet t/s':>18}{'llama.cpp t/s':>18}  ratio: median (per round)")
    for k in sorted(ours, key=lambda k: (k[3], -k[0], k[2])):
        if k in theirs:
            other, against = cell(theirs[k]), [(o, t) for o, t in zip(ours_rounds, theirs_rounds) if k in o and k in t]
            against = [(o[k], t[k]) for o, t in against]
        elif k[3] > 1 and roof in ours:
            other = "(vs our pp512)"
            against = [(o[k], o[roof]) for o in ours_rounds if k in o and roof in o]
        else:
            other, against = "-", []
        ratios = [statistics.mean(a) / statistics.mean(b) for a, b in against]
        ratio = (f"{statistics.median(ratios):.2f}x (" + " / ".join(f"{r:.2f}" for r in ratios) + ")") if ratios else "-"
        print(f"{name(k):<22}{cell(ours[k]):>18}{other:>18}  {ratio}")
    if rows:
        load_ms = statistics.median(r["load_ms"] for r in rows)
        r = max(rows, key=lambda r: r.get("kv_cache_bytes", 0))
        budget = r["model_file_bytes"] + r["kv_cache_bytes"]
        peak = r.get("peak_rss_bytes") or 0
        print(f"load {load_ms:.0f} ms (median); largest run: peak RSS {mib(peak)} vs model file "
              f"{mib(r['model_file_bytes'])} + KV {mib(r['kv_cache_bytes'])} = {mib(budget)} ({mib(peak - budget)} over)")
PY
