#!/usr/bin/env bash
# Runs `swiftlet bench` and, when LLAMA_BENCH points to a llama-bench binary, llama.cpp's bench on the same GGUF file,
# alternating the two so both see the same machine state, and prints tokens/s side by side with the ratio.
#
#   Benchmarks/compare.sh [MODEL…]             # default: both catalog models
#   LLAMA_BENCH=/path/to/llama-bench REPS=5 Benchmarks/compare.sh smollm2-135m-instruct
#
# Tests: pp512, tg128, tg128 at depth 1024, and 4 sequences decoding together (ours only: llama-bench has no such test).
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

for m in "${models[@]}"; do
    path=$($SWIFTLET inspect --json --model "$m" | python3 -c 'import json,sys; print(json.load(sys.stdin)["path"])')
    for round in $(seq 1 "$ROUNDS"); do
        for t in "-p 512 -n 0" "-p 0 -n 128" "-p 0 -n 128 -d 1024"; do
            # shellcheck disable=SC2086
            $SWIFTLET bench --model "$path" $t -r "$REPS" --threads "$THREADS" --json >>"$out/ours-$m.jsonl"
            if [ -n "${LLAMA_BENCH:-}" ]; then
                # shellcheck disable=SC2086
                "$LLAMA_BENCH" -m "$path" $t -r "$REPS" -t "$THREADS" -o json 2>/dev/null >>"$out/llama-$m.jsonl"
            fi
        done
        $SWIFTLET bench --model "$path" -p 0 -n 128 -b 4 -r "$REPS" --threads "$THREADS" --json >>"$out/ours-$m.jsonl"
    done
done

python3 - "$out" "${models[@]}" <<'PY'
import json, os, sys, statistics
out, models = sys.argv[1], sys.argv[2:]

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
    return (r.get("n_prompt", 0), r.get("n_gen", 0), r.get("n_depth", 0), r.get("n_batch_seqs", 1))

def name(k):
    p, g, d, b = k
    s = f"pp{p}" if p else f"tg{g}"
    if d: s += f" @ d{d}"
    if b > 1: s += f" x{b} seqs"
    return s

for m in models:
    ours, theirs = {}, {}
    for r in load(f"{out}/ours-{m}.jsonl"):
        ours.setdefault(key(r), []).extend(r.get("samples_ts", [r["avg_ts"]]))
    for r in load(f"{out}/llama-{m}.jsonl"):
        theirs.setdefault(key(r), []).extend(r.get("samples_ts", [r["avg_ts"]]))
    print(f"\n{m}")
    print(f"{'test':<22}{'swiftlet t/s':>16}{'llama.cpp t/s':>16}{'ratio':>8}")
    for k in sorted(ours):
        a = ours[k]
        s = f"{statistics.mean(a):8.1f} ± {statistics.pstdev(a):5.1f}"
        if k in theirs:
            b = theirs[k]
            t = f"{statistics.mean(b):8.1f} ± {statistics.pstdev(b):5.1f}"
            ratio = f"{statistics.mean(a) / statistics.mean(b):.2f}x"
        else:
            t, ratio = "-", "-"
        print(f"{name(k):<22}{s:>16}{t:>16}{ratio:>8}")
PY
