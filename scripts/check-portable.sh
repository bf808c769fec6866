#!/usr/bin/env bash
# Builds Kernels as the portable engine (SWIFTLET_PORTABLE_BUILD=1: no KernelsX86, no x86 CPU flag) in a scratch
# path of its own and fails if its object files hold any AVX instruction: a 256- or 512-bit register (%ymm, %zmm),
# a VEX fused multiply-add (vfmadd…, vfnmadd…) or an AVX-512 mask register. On an x86-64 host that is what shows
# that the portable path leans on no x86 extension beyond the baseline (SSE2); elsewhere it checks that it builds.
#
#   scripts/check-portable.sh [target ...]    (default: Kernels; CONFIG=release for a release build)
set -euo pipefail
cd "$(dirname "$0")/.."

scratch=.build-portable
config=${CONFIG:-debug}
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(Kernels)

for target in "${targets[@]}"; do
    echo "== build $target (SWIFTLET_PORTABLE_BUILD=1, $scratch)"
    SWIFTLET_PORTABLE_BUILD=1 swift build -c "$config" --build-path "$scratch" --target "$target"
done

if [ "$(uname -m)" != x86_64 ]; then
    echo "== not an x86-64 host: nothing to disassemble"
    exit 0
fi

objects=$(find "$scratch/$config/Kernels.build" "$scratch/$config/KernelsPrefetch.build" -name '*.o' 2>/dev/null || true)
if [ -z "$objects" ]; then
    echo "error: no object files of Kernels under $scratch/$config" >&2
    exit 1
fi
status=0
for o in $objects; do
    hits=$(objdump -d --no-show-raw-insn "$o" | grep -E '%[yz]mm[0-9]|vf(n)?m(add|sub)|%k[0-7]\b' | head -5 || true)
    if [ -n "$hits" ]; then
        echo "AVX in $o:" >&2
        echo "$hits" >&2
        status=1
    fi
done
count=$(echo "$objects" | wc -w)
if [ $status -eq 0 ]; then
    echo "== ok: $count object files of Kernels and KernelsPrefetch, no AVX instruction"
fi
exit $status
