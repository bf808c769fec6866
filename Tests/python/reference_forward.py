#!/usr/bin/env python3
"""Independent reference forward pass for Swiftlet's Transformer tests.

Reads a GGUF file with the PyPI `gguf` package (`GGUFReader`), dequantizes every weight with
`gguf.quants.dequantize`, and runs the decoder in plain numpy (float64 math), following llama.cpp's decoder:
llama, qwen2, qwen3 and gemma3. It shares no code with the Swift engine.

Each sequence is run as one full causal prefill (no KV cache), so the logits of every position come out of a
single pass; the Swift side runs the same tokens through its KV cache, step by step or in batches.

Emulated parts of ggml's numerics (documented here because they decide whether 1e-3 is reachable):
  * `--activations q8` (default): before every product with a quantized weight the activation rows are
    quantized exactly as ggml's CPU backend does: Q8_0 (`d = amax/127` stored as f16,
    `q = round_half_even(x * 127/amax)`) for Q4_0/Q5_0/Q8_0, Q8_1 (the same plus `s = f16(d * sum q)`, which
    carries the Q4_1/Q5_1 minimum term) for Q4_1/Q5_1, and Q8_K (`iscale = -127/max`, `q = min(127, round(iscale*x))`,
    `d = 1/iscale` in f32) for the K-quants. The product is then the dequantized weight times the dequantized
    activation, which equals ggml's integer formula except for the Q4_1/Q5_1 minimum term, computed from `s`.
    Float weights (F32/F16/BF16) take f32 activations. `--activations f32` turns all of this off.
  * `--kv f16` (default) rounds keys (after RoPE) and values to IEEE half before attention, as an f16 KV cache
    does; `--kv f32` keeps them exact.
  * `--gelu table` (default) computes Gemma's GELU as ggml's CPU backend does: input rounded to f16, result rounded
    to f16 (a lookup table there); `--gelu exact` uses the float64 tanh formula.
Everything else (RMSNorm, RoPE angles, softmax, SiLU) is exact float64 math.

Usage:
  reference_forward.py MODEL.gguf --tokens 1,2,3 [--tokens 4,5] [--activations q8|f32] [--kv f16|f32] [--top K]
Prints JSON: {"logits": [[[float] * vocab] * positions] * sequences}, or with --top K
{"top": [[[[id, logprob] * K] * positions] * sequences]}.
"""

import argparse
import json
import math
import sys

import numpy as np
from gguf import GGMLQuantizationType as QT
from gguf import GGUFReader
from gguf.quants import dequantize

Q8_0_WEIGHTS = {QT.Q4_0, QT.Q5_0, QT.Q8_0}
Q8_1_WEIGHTS = {QT.Q4_1, QT.Q5_1}
Q8_K_WEIGHTS = {QT.Q2_K, QT.Q3_K, QT.Q4_K, QT.Q5_K, QT.Q6_K}
FLOAT_WEIGHTS = {QT.F32, QT.F16, QT.BF16}
GELU_TABLE = True


# ---------------------------------------------------------------------------------------------------------------
# Model file


class Model:
    """Hyperparameters and dequantized weights of one GGUF file."""

    def __init__(self, path):
        self.reader = GGUFReader(path)
        self.fields = self.reader.fields
        self.tensors = {t.name: t for t in self.reader.tensors}
        self.arch = self.meta("general.architecture")
        a = self.arch
        self.n_layer = int(self.meta(f"{a}.block_count"))
        self.n_embd = int(self.meta(f"{a}.embedding_length"))
        self.n_head = int(self.meta(f"{a}.attention.head_count"))
        self.n_head_kv = int(self.meta(f"{a}.attention.head_count_kv", self.n_head))
        self.head_dim_k = int(self.meta(f"{a}.attention.key_length", self.n_embd // self.n_head))
        self.head_dim_v = int(self.meta(f"{a}.attention.value_length", self.n_embd // self.n_head))
        self.eps = float(self.meta(f"{a}.attention.layer_norm_rms_epsilon", 1e-5))
        self.rope_base = float(self.meta(f"{a}.rope.freq_base", 10000.0))
        self.n_rot = int(self.meta(f"{a}.rope.dimension_count", self.head_dim_k))
        # llama.cpp: linear unless stated; the factor from rope.scaling.factor or the older rope.scale_linear.
        scaling = self.meta(f"{a}.rope.scaling.type", "linear")
        if scaling not in ("none", "linear"):
            raise SystemExit(f"rope scaling '{scaling}' is not implemented in the reference")
        factor = float(self.meta(f"{a}.rope.scaling.factor", 0.0))
        if factor == 0.0:
            factor = float(self.meta(f"{a}.rope.scale_linear", 0.0))
        self.rope_freq_scale = 1.0 if scaling == "none" or factor == 0.0 else 1.0 / factor
        self.neox = a in ("qwen2", "qwen3", "gemma3")

        # Gemma 3 sliding-window attention: pattern of 6 (layer il is local when il % 6 < 5), local RoPE base 1e4.
        self.window = 0
        self.softcap = 0.0
        if a == "gemma3":
            self.window = int(self.meta(f"{a}.attention.sliding_window", 0))
            pattern = int(self.meta(f"{a}.attention.sliding_window_pattern", 6))
            if self.window <= 0:
                self.softcap = float(self.meta(f"{a}.final_logit_softcapping", 0.0))
        self.local = [self.window > 0 and il % pattern < pattern - 1 for il in range(self.n_layer)]

        self.cache = {}

    def meta(self, key, default=None):
        field = self.fields.get(key)
        if field is None:
            if default is None:
                raise SystemExit(f"missing metadata key {key}")
            return default
        value = field.contents()
        return value

    def has(self, name):
        return name in self.tensors

    def weight(self, name):
        """The tensor as float32, shaped [rows, ne0] (or [ne0] for vectors)."""
        if name not in self.cache:
            t = self.tensors[name]
            w = np.asarray(dequantize(t.data, t.tensor_type), dtype=np.float32)
            ne = [int(x) for x in t.shape]
            w = w.reshape(ne[::-1]) if len(ne) > 1 else w.reshape(ne[0])
            self.cache[name] = w
        return self.cache[name]

    def qtype(self, name):
        return self.tensors[name].tensor_type

    def raw_blocks(self, name, block_bytes):
        """The raw bytes of a quantized matrix as [rows, blocks, block_bytes]."""
        t = self.tensors[name]
        data = np.asarray(t.data, dtype=np.uint8)
        rows = int(np.prod([int(x) for x in t.shape[1:]]))
        return data.reshape(rows, -1, block_bytes)


# ---------------------------------------------------------------------------------------------------------------
# ggml activation quantization (emulated)


def f16(x):
    return np.asarray(x, dtype=np.float32).astype(np.float16).astype(np.float32)


def quantize_q8_0_rows(x):
    """x: [n, k] float32 -> (dequantized activations [n, k] float64, d [n, k/32], s [n, k/32] f16-rounded d*sum q)."""
    n, k = x.shape
    b = x.reshape(n, k // 32, 32).astype(np.float32)
    amax = np.max(np.abs(b), axis=2)
    d = (amax / np.float32(127.0)).astype(np.float32)
    with np.errstate(divide="ignore"):
        inv = np.where(amax != 0, np.float32(127.0) / amax, np.float32(0.0)).astype(np.float32)
    q = np.rint((b * inv[:, :, None]).astype(np.float32))
    d16 = f16(d)
    s = f16(d * q.sum(axis=2).astype(np.float32))
    deq = (q.astype(np.float64) * d16[:, :, None].astype(np.float64)).reshape(n, k)
    return deq, d16, s, q


def quantize_q8_k_rows(x):
    n, k = x.shape
    b = x.reshape(n, k // 256, 256).astype(np.float32)
    idx = np.argmax(np.abs(b), axis=2)  # first index of the largest |x|, like ggml's strict '>' scan
    mx = np.take_along_axis(b, idx[:, :, None], axis=2)[:, :, 0]
    out = np.zeros((n, k // 256, 256), dtype=np.float64)
    nz = mx != 0
    iscale = np.where(nz, np.float32(-127.0) / np.where(nz, mx, 1), 0).astype(np.float32)
    q = np.minimum(127, np.rint((b * iscale[:, :, None]).astype(np.float32)))
    d = np.where(nz, (np.float32(1.0) / np.where(nz, iscale, 1)).astype(np.float32), 0)
    out = q.astype(np.float64) * d[:, :, None].astype(np.float64)
    return out.reshape(n, k)


def matmul(model, name, x, activations):
    """y[n, rows] = x[n, k] · W[rows, k]ᵀ, with ggml's activation quantization when asked."""
    w = model.weight(name)
    qt = model.qtype(name)
    x = np.asarray(x, dtype=np.float32)
    if activations == "f32" or qt in FLOAT_WEIGHTS:
        return x.astype(np.float64) @ w.T.astype(np.float64)
    if qt in Q8_0_WEIGHTS:
        xq, _, _, _ = quantize_q8_0_rows(x)
        return xq @ w.T.astype(np.float64)
    if qt in Q8_1_WEIGHTS:
        xq, d16, s, q = quantize_q8_0_rows(x)
        y = xq @ w.T.astype(np.float64)
        # ggml adds m·s with s = f16(d·Σq); the dequantized product above added m·f16(d)·Σq instead.
        block_bytes = 20 if qt == QT.Q4_1 else 24
        raw = model.raw_blocks(name, block_bytes)
        m = raw[:, :, 2:4].copy().view(np.float16)[:, :, 0].astype(np.float64)  # [rows, blocks]
        correction = s.astype(np.float64) - d16.astype(np.float64) * q.sum(axis=2).astype(np.float64)  # [n, blocks]
        return y + correction @ m.T
    if qt in Q8_K_WEIGHTS:
        return quantize_q8_k_rows(x) @ w.T.astype(np.float64)
    raise SystemExit(f"tensor {name} has type {qt.name}, which the reference does not handle")


# ---------------------------------------------------------------------------------------------------------------
# Decoder math


def rms_norm(x, w, eps):
    x = np.asarray(x, dtype=np.float64)
    return x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps) * w.astype(np.float64)


def rope(x, positions, base, freq_scale, n_rot, neox):
    """x: [n, heads, d]; rotates the first n_rot dims of every head."""
    out = x.copy()
    half = n_rot // 2
    i = np.arange(half, dtype=np.float64)
    inv_freq = base ** (-2.0 * i / n_rot)
    theta = np.asarray(positions, dtype=np.float64)[:, None] * freq_scale * inv_freq[None, :]  # [n, half]
    cos = np.cos(theta)[:, None, :]
    sin = np.sin(theta)[:, None, :]
    if neox:
        a = x[:, :, :half]
        b = x[:, :, half:n_rot]
        out[:, :, :half] = a * cos - b * sin
        out[:, :, half:n_rot] = a * sin + b * cos
    else:
        a = x[:, :, 0:n_rot:2]
        b = x[:, :, 1:n_rot:2]
        out[:, :, 0:n_rot:2] = a * cos - b * sin
        out[:, :, 1:n_rot:2] = a * sin + b * cos
    return out


def gelu_tanh(x):
    return 0.5 * x * (1.0 + np.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x ** 3)))


def gelu_ggml_table(x):
    """ggml's GELU on the CPU (built with GGML_GELU_FP16): the input rounded to f16, GELU evaluated in f32 and the
    result rounded to f16 (a lookup table there); 0 below -10 and the identity above 10."""
    h = np.asarray(x, dtype=np.float32).astype(np.float16).astype(np.float32)
    a = np.float32(0.044715)
    c = np.float32(0.79788456080286535587989211986876)
    inner = (a * h * h + np.float32(1.0)).astype(np.float32)
    g = (np.float32(0.5) * h * (np.float32(1.0) + np.tanh(c * h * inner))).astype(np.float32)
    y = g.astype(np.float16).astype(np.float64)
    y = np.where(x <= -10.0, 0.0, y)
    return np.where(x >= 10.0, x, y)


def silu(x):
    return x / (1.0 + np.exp(-x))


def attention(m, q, k, v, allowed, scale, kv):
    """q: [n, n_head, dk], k: [n, n_head_kv, dk], v: [n, n_head_kv, dv], allowed: [n, n] -> [n, n_head, dv].

    `kv == "ggml-fa"` emulates llama.cpp's CPU flash attention with an f16 cache: the query rounded to f16, an
    online softmax over the keys in order, and the weighted sum of values accumulated in f16.
    """
    n = q.shape[0]
    group = m.n_head // m.n_head_kv
    out = np.zeros((n, m.n_head, m.head_dim_v))
    for hh in range(m.n_head):
        kh = k[:, hh // group, :]
        vh = v[:, hh // group, :]
        if kv == "ggml-fa":
            qh = f16(q[:, hh, :]).astype(np.float64)
            s_all = (qh @ kh.T).astype(np.float32).astype(np.float64) * scale
            for i in range(n):
                big_m = -np.inf
                total = 0.0
                acc = np.zeros(m.head_dim_v, dtype=np.float32)
                for j in range(n):
                    if not allowed[i, j]:
                        continue
                    s = s_all[i, j]
                    ms, vs = 1.0, 1.0
                    if s > big_m:
                        old = big_m
                        big_m = s
                        ms = math.exp(old - big_m) if old != -np.inf else 0.0
                        acc = f16(acc * np.float32(ms))
                    else:
                        vs = math.exp(s - big_m)
                    acc = f16(acc + vh[j].astype(np.float32) * np.float32(vs))
                    total = total * ms + vs
                out[i, hh, :] = acc.astype(np.float64) / total
            continue
        s = (q[:, hh, :] @ kh.T) * scale
        s = np.where(allowed, s, -np.inf)
        s = s - s.max(axis=1, keepdims=True)
        e = np.exp(s)
        pr = e / e.sum(axis=1, keepdims=True)
        out[:, hh, :] = pr @ vh
    return out


def forward(model, tokens, activations, kv):
    m = model
    n = len(tokens)
    a = m.arch
    emb = m.weight("token_embd.weight")
    x = emb[np.asarray(tokens)].astype(np.float64)  # [n, n_embd]
    if a == "gemma3":
        x = x * float(np.float32(math.sqrt(m.n_embd)))
    positions = np.arange(n)
    for il in range(m.n_layer):
        p = f"blk.{il}."
        h = rms_norm(x, m.weight(p + "attn_norm.weight"), m.eps)
        q = matmul(m, p + "attn_q.weight", h, activations)
        k = matmul(m, p + "attn_k.weight", h, activations)
        v = matmul(m, p + "attn_v.weight", h, activations)
        if m.has(p + "attn_q.bias"):
            q = q + m.weight(p + "attn_q.bias")
        if m.has(p + "attn_k.bias"):
            k = k + m.weight(p + "attn_k.bias")
        if m.has(p + "attn_v.bias"):
            v = v + m.weight(p + "attn_v.bias")
        q = q.reshape(n, m.n_head, m.head_dim_k)
        k = k.reshape(n, m.n_head_kv, m.head_dim_k)
        v = v.reshape(n, m.n_head_kv, m.head_dim_v)
        if m.has(p + "attn_q_norm.weight"):
            q = rms_norm(q, m.weight(p + "attn_q_norm.weight"), m.eps)
            k = rms_norm(k, m.weight(p + "attn_k_norm.weight"), m.eps)
        local = m.local[il]
        base = 10000.0 if local else m.rope_base
        freq_scale = 1.0 if local else m.rope_freq_scale
        q = rope(q, positions, base, freq_scale, m.n_rot, m.neox)
        k = rope(k, positions, base, freq_scale, m.n_rot, m.neox)
        if a == "gemma3":
            q = q * (1.0 / math.sqrt(m.head_dim_k))
            scale = 1.0
        else:
            scale = 1.0 / math.sqrt(m.head_dim_k)
        if kv in ("f16", "ggml-fa"):
            k = f16(k).astype(np.float64)
            v = f16(v).astype(np.float64)
        # Causal mask, plus the sliding window on local layers: key p0 hidden from query p1 when p1 - p0 >= window.
        qp = positions[:, None]
        kp = positions[None, :]
        allowed = kp <= qp
        if local:
            allowed &= (qp - kp) < m.window
        attn = attention(m, q, k, v, allowed, scale, kv)
        o = matmul(m, p + "attn_output.weight", attn.reshape(n, m.n_head * m.head_dim_v), activations)
        if m.has(p + "post_attention_norm.weight"):
            o = rms_norm(o, m.weight(p + "post_attention_norm.weight"), m.eps)
        x = x + o
        h = rms_norm(x, m.weight(p + "ffn_norm.weight"), m.eps)
        g = matmul(m, p + "ffn_gate.weight", h, activations)
        u = matmul(m, p + "ffn_up.weight", h, activations)
        act = (gelu_ggml_table(g) if GELU_TABLE else gelu_tanh(g)) if a == "gemma3" else silu(g)
        f = matmul(m, p + "ffn_down.weight", act * u, activations)
        if m.has(p + "post_ffw_norm.weight"):
            f = rms_norm(f, m.weight(p + "post_ffw_norm.weight"), m.eps)
        x = x + f
    h = rms_norm(x, m.weight("output_norm.weight"), m.eps)
    head = "output.weight" if m.has("output.weight") else "token_embd.weight"
    logits = matmul(m, head, h, activations)
    if m.softcap > 0:
        logits = np.tanh(logits / m.softcap) * m.softcap
    return logits


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model")
    ap.add_argument("--tokens", action="append", required=True, help="comma-separated token ids of one sequence")
    ap.add_argument("--activations", choices=["q8", "f32"], default="q8")
    ap.add_argument("--kv", choices=["f16", "f32", "ggml-fa"], default="f16")
    ap.add_argument("--gelu", choices=["table", "exact"], default="table")
    ap.add_argument("--top", type=int, default=0, help="print the top K log-probabilities instead of logits")
    args = ap.parse_args()
    global GELU_TABLE
    GELU_TABLE = args.gelu == "table"
    model = Model(args.model)
    results = []
    for seq in args.tokens:
        tokens = [int(t) for t in seq.split(",") if t.strip()]
        logits = forward(model, tokens, args.activations, args.kv)
        if args.top > 0:
            rows = []
            for row in logits:
                mx = row.max()
                lp = row - (mx + math.log(np.exp(row - mx).sum()))
                best = np.argsort(-lp, kind="stable")[: args.top]
                rows.append([[int(i), float(lp[i])] for i in best])
            results.append(rows)
        else:
            results.append([[float(v) for v in row] for row in logits])
    json.dump({"top" if args.top > 0 else "logits": results}, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
