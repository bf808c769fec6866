#!/usr/bin/env bash
# Structured-output benchmark: constrained vs unconstrained decode tokens/s on SmolLM2 and Gemma 3,
# matcher cost per token, and grammar compile time per corpus schema. Prints numbers; never fails on speed.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --build-tests
SWIFTLET_BENCH=1 swift test -c release --skip-build --filter 'ConstrainedDecodeBenchmarkTests|constraintThroughput'
