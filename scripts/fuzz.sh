#!/usr/bin/env bash
# Builds the libFuzzer harnesses (Fuzz/SwiftletFuzz) with the fuzzer and address sanitizers, then runs each target
# for a bounded time, starting from its seed corpus in Fuzz/Corpus/<target>. Fails on any crash, failed check, leak,
# timeout or out-of-memory, and says where the input that caused it was saved.
#
#   scripts/fuzz.sh [seconds-per-target [target ...]]     # default: 8 seconds for each of the 8 targets
#
# GGUF seeds are named *.bin (the repository ignores *.gguf, so that no weights are ever committed).
# The committed corpus is only read: inputs the fuzzer finds go to a scratch directory (kept with
# SWIFTLET_FUZZ_KEEP=1, to add the interesting ones to the corpus by hand). The build has its own scratch path,
# .build-fuzz, so it never touches the normal build.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_TARGET="${1:-8}"
[ $# -gt 0 ] && shift
ALL_TARGETS=(json requests jinja gbnf json-schema regex gguf sse)
if [ $# -gt 0 ]; then TARGETS=("$@"); else TARGETS=("${ALL_TARGETS[@]}"); fi
SCRATCH=.build-fuzz

# libFuzzer and AddressSanitizer come with the Swift toolchain (clang's compiler-rt); only the linker is needed
# from the system, and the build uses the toolchain's lld.
echo "== fuzz build (-sanitize=fuzzer,address)"
SWIFTLET_FUZZ=1 swift build --scratch-path "$SCRATCH" --product SwiftletFuzz \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld --disable-index-store \
    --explicit-target-dependency-import-check error
BIN="$SCRATCH/debug/SwiftletFuzz"

# Longest input per target: templates and request bodies are longer than the rest.
max_len() {
    case "$1" in
        jinja | requests) echo 8192 ;;
        regex) echo 1024 ;;
        *) echo 4096 ;;
    esac
}

WORK="$(mktemp -d)"
if [ "${SWIFTLET_FUZZ_KEEP:-0}" = 1 ]; then
    echo "inputs found and logs are kept in $WORK"
else
    trap 'rm -rf "$WORK"' EXIT
fi
ARTIFACTS="$SCRATCH/artifacts"
failed=()
for target in "${TARGETS[@]}"; do
    [ -d "Fuzz/Corpus/$target" ] || { echo "unknown fuzz target: $target (known: ${ALL_TARGETS[*]})" >&2; exit 2; }
    mkdir -p "$WORK/$target" "$ARTIFACTS/$target"
    log="$WORK/$target.log"
    echo "== fuzz $target (${SECONDS_PER_TARGET} s)"
    # The Swift runtime's own crash reporter would hold the process after a trap; libFuzzer reports instead. One
    # input may run for 60 s: the libraries' own budgets stop any input within about a second in a release build,
    # and the sanitizers' instrumentation makes the grammar compilers some 30 times slower.
    if SWIFTLET_FUZZ_TARGET="$target" SWIFT_BACKTRACE=enable=no \
        LSAN_OPTIONS="suppressions=$PWD/Fuzz/lsan.supp:print_suppressions=0" \
        "$BIN" -max_total_time="$SECONDS_PER_TARGET" -max_len="$(max_len "$target")" -timeout=60 -rss_limit_mb=2560 \
            -print_final_stats=1 -artifact_prefix="$ARTIFACTS/$target/" \
            "$WORK/$target" "Fuzz/Corpus/$target" >"$log" 2>&1
    then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
        echo "   ok: ${runs:-?} inputs, corpus $(ls "$WORK/$target" | wc -l) new + $(ls "Fuzz/Corpus/$target" | wc -l) seeds"
    else
        echo "   FAILED; the last lines of its log:"
        grep -v '^#' "$log" | tail -n 60 | sed 's/^/   | /'
        failed+=("$target")
    fi
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz targets failed: ${failed[*]} (inputs saved in $ARTIFACTS/<target>/; replay one with" \
        "SWIFTLET_FUZZ_TARGET=<target> SWIFT_BACKTRACE=enable=no $BIN <file>)" >&2
    exit 1
fi
echo "fuzz: ${#TARGETS[@]} targets ran ${SECONDS_PER_TARGET} s each with no failure"
