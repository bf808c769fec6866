#!/usr/bin/env python3
"""Reference pre-tokenizer for the Tokenizers tests.

Splits texts with the real regexes llama.cpp uses for each `tokenizer.ggml.pre` family, applied the way llama.cpp's
unicode_regex_split applies a regex list: each regex re-splits every piece of the previous one, and both its matches
and the gaps between them become pieces.

Input (stdin): {"family": "...", "texts": ["...", ...]}
Output (stdout): [["piece", ...], ...] one list per text.
Needs the PyPI `regex` package (scripts/install-test-deps.sh).
"""
import json
import sys

import regex

GPT2 = r"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)"
LLAMA3_TAIL = r"| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"
CONTRACTIONS = r"(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+"

FAMILIES = {
    "gpt-2": [GPT2],
    "smollm": [r"\p{N}", GPT2],
    "qwen2": [CONTRACTIONS + r"|\p{N}" + LLAMA3_TAIL],
    "llama-bpe": [CONTRACTIONS + r"|\p{N}{1,3}" + LLAMA3_TAIL],
    "default": [r"[\p{P}\$\+<=>\^~\|]+", GPT2, r"\p{N}+", r"[0-9][0-9][0-9]"],
}


def split(pattern, pieces):
    compiled = regex.compile(pattern)
    out = []
    for piece in pieces:
        start = 0
        for match in compiled.finditer(piece):
            if match.start() > start:
                out.append(piece[start:match.start()])
            if match.end() > match.start():
                out.append(match.group(0))
            start = match.end()
        if start < len(piece):
            out.append(piece[start:])
    return out


def main():
    request = json.load(sys.stdin)
    result = []
    for text in request["texts"]:
        pieces = [text] if text else []
        for pattern in FAMILIES[request["family"]]:
            pieces = split(pattern, pieces)
        result.append(pieces)
    json.dump(result, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
