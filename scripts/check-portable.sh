#!/usr/bin/env bash
# Builds Kernels (or the named targets) as the portable engine (SWIFTLET_PORTABLE_BUILD=1: no KernelsX86, no x86 CPU
# flag) in a scratch path of its own and fails if the object files of this package's targets there hold any AVX
# instruction: a 256- or 512-bit register (%ymm, %zmm), a VEX fused multiply-add (vfmadd…, vfnmadd…) or an AVX-512
# mask register. On an x86-64 host that is what shows that the portable path leans on no x86 extension beyond the
# baseline (SSE2), and that the engine's hot code calls no `fmaf` or f16 conversion routine (what the compiler emits
# for an fma or a `Float16` conversion without FMA or F16C); elsewhere it checks that it builds. Before building, it
# checks that the portable manifest gives no library target an unsafe flag.
#
#   scripts/check-portable.sh [target ...]    (default: Kernels; CONFIG=release for a release build)
set -euo pipefail
cd "$(dirname "$0")/.."

scratch=.build-portable
config=${CONFIG:-debug}
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(Kernels)

# The manifest first: in the portable build no target but the command-line tool, tests, benchmarks and fuzzers may
# carry an unsafe flag (a package that depends on Swiftlet could not build one that does).
echo "== manifest (SWIFTLET_PORTABLE_BUILD=1): no unsafeFlags in library targets"
SWIFTLET_PORTABLE_BUILD=1 swift package dump-package | python3 -c '
import json, sys
unsafe = [t["name"] for t in json.load(sys.stdin)["targets"]
          if t["type"] == "regular" and "unsafeFlags" in json.dumps(t.get("settings", []))]
if unsafe:
    sys.exit("error: unsafeFlags in library targets of the portable build: " + ", ".join(unsafe))
'

# An x86-64 build host without AVX2 gets that same portable manifest by itself (Package.swift reads the CPU's flags;
# SWIFTLET_HOST_CPU_FLAGS stands in for /proc/cpuinfo here), and SWIFTLET_PORTABLE_BUILD=0 overrides it.
echo "== manifest on a host without AVX2: the portable engine, unless SWIFTLET_PORTABLE_BUILD=0"
has_x86_target() { swift package dump-package | python3 -c '
import json, sys
sys.exit(0 if any(t["name"] == "KernelsX86" for t in json.load(sys.stdin)["targets"]) else 1)'; }
old_cpu="flags : fpu sse sse2 ssse3 sse4_1 sse4_2 popcnt avx"
if [ "$(uname -m)" = x86_64 ]; then
    if SWIFTLET_HOST_CPU_FLAGS="$old_cpu" has_x86_target; then
        echo "error: a build host without AVX2 got the x86 engine" >&2
        exit 1
    fi
    if ! SWIFTLET_PORTABLE_BUILD=0 SWIFTLET_HOST_CPU_FLAGS="$old_cpu" has_x86_target; then
        echo "error: SWIFTLET_PORTABLE_BUILD=0 did not give the x86 engine" >&2
        exit 1
    fi
fi

for target in "${targets[@]}"; do
    echo "== build $target (SWIFTLET_PORTABLE_BUILD=1, $scratch)"
    SWIFTLET_PORTABLE_BUILD=1 swift build -c "$config" --build-path "$scratch" --target "$target"
done

if [ "$(uname -m)" != x86_64 ]; then
    echo "== not an x86-64 host: nothing to disassemble"
    exit 0
fi

# The object files of every target of this package built there (Kernels, KernelsPrefetch and whatever else the
# named targets pulled in), not those of package dependencies.
dirs=()
for source in Sources/*/; do
    name=$(basename "$source")
    dir="$scratch/$config/$name.build"
    [ -n "$(find "$dir" -name '*.o' -print -quit 2>/dev/null)" ] && dirs+=("$dir")
done
if [ ${#dirs[@]} -eq 0 ]; then
    echo "error: no object files of this package's targets under $scratch/$config" >&2
    exit 1
fi
objects=$(find "${dirs[@]}" -name '*.o')
status=0
for o in $objects; do
    hits=$(objdump -d --no-show-raw-insn "$o" | grep -E '%[yz]mm[0-9]|vf(n)?m(add|sub)|%k[0-7]\b' | head -5 || true)
    if [ -n "$hits" ]; then
        echo "AVX in $o:" >&2
        echo "$hits" >&2
        status=1
    fi
done
# Baseline x86-64 has no FMA or F16C, so a Swift `addingProduct` or `Float16` conversion there is a library call per
# lane (55% of a portable prefill before Kernels' FusedMultiplyAdd.swift and HalfConversion.swift took them over). No
# function of the engine's hot targets (Kernels, Transformer) may call `fmaf` or the f16 conversion routines but the
# scalar references and the GELU table's one-time build.
for o in $(echo "$objects" | grep -E '/(Kernels|Transformer)\.build/'); do
    callers=$(objdump -dr --no-show-raw-insn "$o" | awk '
        /^[0-9a-f]+ <.*>:$/ { fn = $2 }
        /R_X86_64_(PLT32|PC32|GOTPCREL)[[:space:]]+(fmaf|__extendhfsf2|__truncsfhf2)/ { print fn }' \
        | grep -v -E 'Reference|GELUTable' | sort -u | head -5 || true)
    if [ -n "$callers" ]; then
        echo "libm fma or f16 conversion calls in $o, from:" >&2
        echo "$callers" >&2
        status=1
    fi
done
count=$(echo "$objects" | wc -w)
if [ $status -eq 0 ]; then
    echo "== ok: $count object files of ${#dirs[@]} targets ($(cd "$scratch/$config" && echo "${dirs[@]##*/}" | sed 's/\.build//g')), no AVX instruction, no per-lane fmaf or f16 conversion call"
fi
exit $status
