#!/usr/bin/env bash
# Optional test dependencies: the PyPI `regex` package lets the Tokenizers tests compare the pre-tokenizer scanners
# with the real regexes (scripts/pretokenizer_reference.py). Tests that need it are skipped when it is missing.
set -euo pipefail
python3 -m pip install --quiet regex
