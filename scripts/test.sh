#!/usr/bin/env bash
# Runs every test of Swiftlet, the way CI does: installs what the tests need, builds in release (the tests run real
# models, which are 10-100x slower in debug builds), pulls the catalog models, then runs the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
# Each step says when it started and how long the run has taken so far (CI's limit is on the whole run).
step() { echo "== $* ($(date -u +%H:%M:%S), ${SECONDS} s in)"; }

# Tools: python3 with pip (model pulls and reference checks). Installed from Debian's packages when missing.
# curl drives the hosted quick-starts verbatim in the live acceptance test.
if ! command -v python3 >/dev/null || ! python3 -m pip --version >/dev/null 2>&1 || ! command -v curl >/dev/null; then
    apt-get update -qq && apt-get install -y -qq python3 python3-pip curl
fi
# nginx: the operations acceptance run streams through it with the sample configuration in docs/deploy/nginx.conf.
if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx
fi
python3 -m pip install --quiet --disable-pip-version-check -r Tests/python/requirements.txt
# StorageTests run every store test on PostgreSQL too: a local throwaway server unless a database is given.
export SWIFTLET_TEST_DATABASE_URL="${SWIFTLET_TEST_DATABASE_URL:-$(scripts/postgres.sh)}"

# Every build checks that each target declares the targets it imports.
CHECK=(--explicit-target-dependency-import-check error)

step "build (release, with tests)"
swift build -c release --build-tests "${CHECK[@]}"

step "models"
.build/release/swiftlet pull --all

# Bounds and overflow checks: every target but the kernels keeps them in the release build (`-O`; only the kernels
# are compiled `-Ounchecked`, see Package.swift), so the release run below checks the parsers and the server with
# them on. The parsers of requests, templates, grammars and model files also run under AddressSanitizer in the fuzz
# step. SWIFTLET_TEST_DEBUG=1 adds a pass of the unit tests in a debug build (assertions on); CI leaves it out, as it
# costs a second full build of every dependency.
if [ "${SWIFTLET_TEST_DEBUG:-0}" = 1 ]; then
    step "unit tests (debug build: assertions on)"
    swift build --build-tests "${CHECK[@]}"
    swift test --skip-build \
        --filter "^(StorageTests|InferenceTypesTests|JinjaTests|ChatTemplatesTests|SamplingTests|OutputParsingTests|APITests|UpstreamTests|WebTests|ConstraintsTests|TokenizersTests|EngineTests|GGUFTests|ServerTests|InferenceTests)\." \
        --skip "RealModel|ToolModel|Corpus|Benchmark|Throughput|LiveServer|PythonSDK"
fi

# The parsers of requests, templates, grammars and model files under libFuzzer with the address sanitizer, each from
# its seed corpus for a few seconds (a full run only; scripts/fuzz.sh builds in a scratch path of its own).
if [ $# -eq 0 ]; then
    step "fuzz (libFuzzer + AddressSanitizer, 8 targets x 8 s)"
    scripts/fuzz.sh
fi

step "tests"
swift test -c release --skip-build "$@"

# The integer dot kernels have instruction-set variants (AVX2, AVX-VNNI, AVX-512) that must give the same bits. The
# kernel tests above run every variant this CPU has; the real-model parity tests run once more on the plain AVX2
# kernels, the path a CPU without VNNI or AVX-512 takes (a full run only, not a filtered one).
# The platform end to end on real `swiftlet serve` processes: keys through the CLI, the official SDKs, prices, the
# ledger before the last byte, rate limits, credits under concurrency, a SIGKILL mid-load; on SQLite, then on
# PostgreSQL with two instances sharing the database (a full run only).
if [ $# -eq 0 ]; then
    step "platform acceptance (SQLite, then PostgreSQL with two instances)"
    PLATFORM_DB="$(mktemp -d)/swiftlet.sqlite"
    python3 Tests/python/platform_acceptance.py .build/release/swiftlet "$PLATFORM_DB"
    python3 Tests/python/platform_acceptance.py .build/release/swiftlet "$SWIFTLET_TEST_DATABASE_URL" 1
    # The hosted quick-starts verbatim, 20 times each, every answer within 15 s (here, where no other test loads the
    # machine: the release suite runs its suites in parallel).
    step "quick-start acceptance"
    python3 Tests/python/quickstart_acceptance.py .build/release/swiftlet 20
    # Configuration precedence, keys from a file, secrets out of logs, the SIGTERM drain, streaming through nginx.
    step "operations acceptance"
    python3 Tests/python/operations_acceptance.py .build/release/swiftlet
    # The OpenAPI contract: schemathesis over every operation of /openapi.json on a live server.
    step "OpenAPI contract (schemathesis)"
    python3 Tests/python/openapi_acceptance.py .build/release/swiftlet 20
    # Upstream models on loopback: two `swiftlet serve` processes on the default model behind a third that loads no
    # weights; the SDKs get the same tokens both ways, the proxy bills at its prices, failover and 502s (< 3 minutes).
    step "upstream acceptance (a proxy in front of two servers)"
    python3 Tests/python/upstream_acceptance.py .build/release/swiftlet

    # The web pages in a real browser: headless Chromium and its driver from Debian's packages.
    step "web acceptance (headless Chromium)"
    if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
        apt-get update -qq && apt-get install -y -qq chromium chromium-driver
    fi
    python3 Tests/python/web_acceptance.py .build/release/swiftlet "$(mktemp -d)/screenshots"
fi

if [ $# -eq 0 ]; then
    step "parity tests on the AVX2 kernels"
    SWIFTLET_ISA=avx2 swift test -c release --skip-build --filter "GreedyParity|Perplexity|FastAttention"
    step "parity tests on the portable kernels (Swift only)"
    SWIFTLET_ISA=portable swift test -c release --skip-build --filter "GreedyParity|Perplexity|FastAttention"
    step "portable build (SWIFTLET_PORTABLE_BUILD=1: no unsafe flag in library targets, no AVX in the engine's objects)"
    CONFIG=release scripts/check-portable.sh Transformer
    # The same build's greedy parity and perplexity with llama.cpp (its test bundle is not built: SwiftletParity runs
    # the rules of GreedyParityTests and PerplexityCommandTests in-process).
    step "portable build: greedy parity and perplexity with llama.cpp"
    SWIFTLET_PORTABLE_BUILD=1 swift build -c release --build-path .build-portable --product SwiftletParity
    .build-portable/release/SwiftletParity --perplexity
fi
step "done"
