// x86 row dot products whose lane arithmetic must match llama.cpp's CPU kernels bit for bit: AVX2 + FMA + F16C, with
// AVX-VNNI and AVX-512 variants of the integer dot kernels (see `swl_isa_active`). Kernels wraps every function here
// behind its Swift API; nothing else imports this target (tests of the kernels against their Swift twins aside).
//
// Why C: Swift SIMD could not express these well. LLVM turned the Swift versions' nibble and fifth-bit unpacking
// into lane inserts, `vpmulld` and permutes (measured on the Gemma Q5_0 loop: ~3 GMAC/s), and Swift has no
// `pshufb`/`maddubs`. The Swift twins in Kernels/MatMul/GGMLExactDots.swift stay as the reference and the
// tests compare both on random blocks.
//
// Three helpers live here for the same reason: `swl_quantize_q8_K` and `swl_quantize_q8_0_1` (quantize_q8_K.c,
// quantize_q8_0.c; the Swift versions spent their time in per-byte stores, their scalar twin is Kernels'
// `Reference.quantizeActivations`) and `swl_expf` (expf.c; glibc's
// expf four f64 lanes at a time, bit-identical to libm, for attention's online softmax; Kernels' `libmExpf`).
#ifndef SWIFTLET_KERNELS_X86_H
#define SWIFTLET_KERNELS_X86_H

#include <stddef.h>

/// Whether this CPU has AVX2, FMA and F16C (the instructions these kernels need).
int swl_cpu_has_avx2_fma_f16c(void);

// Instruction-set variants. The Q5_0, Q4_1 and Q8_0 rows kernels exist once per variant below and give the same bits
// in each (their integer lanes are exact); they run the variant `swl_isa_active()` names.
/// AVX2 + FMA + F16C (`maddubs` + `madd` for the 4-element byte sums).
#define SWL_ISA_AVX2 0
/// AVX2 plus AVX-VNNI (`vpdpbusd`, VEX: Intel Alder Lake / Sapphire Rapids and later, AMD Zen 5).
#define SWL_ISA_AVXVNNI 1
/// AVX2 plus AVX-512 F, BW, VL and VNNI (Intel Ice Lake / Sapphire Rapids and later, AMD Zen 4 and later): the
/// 256-bit kernels use the EVEX `vpdpbusd`, and the Q5_0 (`swl_q5_0_q8_0_pairs_rows`), Q4_1 and Q8_0 rows put two
/// activation columns in one 512-bit register.
#define SWL_ISA_AVX512VNNI 2
/// No kernel of this target: Kernels runs its Swift twins (the portable path; every CPU has it). The rows kernels here
/// never see it as active (Kernels does not call them then); called anyway, they run AVX2.
#define SWL_ISA_PORTABLE 3

/// With `SWL_ISA_AVX512VNNI`, `swl_q4_1_q8_1_rows` and `swl_q8_0_q8_0_rows` run two or more columns two per 512-bit
/// register for rows of at most this many blocks (their columns are copied to a stack buffer of 96 KiB).
#define SWL_PAIR_MAX_BLOCKS 64

/// Whether this CPU has the instructions of variant `isa`.
int swl_isa_supported(int isa);

/// The variant the plain kernels use: the best this CPU supports, or the one the environment variable `SWIFTLET_ISA`
/// names (`portable`, `avx2`, `avxvnni`; read once, at the first call), for comparing variants with one binary.
int swl_isa_active(void);

/// Makes `isa` the active variant (AVX2 if this CPU lacks it) and returns the previous one. For tests, which run
/// every variant the CPU has; switching is safe at any time, since every variant gives the same bits.
int swl_isa_set_active(int isa);

/// Whether, with `SWL_ISA_AVX512VNNI`, one activation column (decode) runs the two-rows-per-512-bit-register kernels
/// (`swl_q4_1_q8_1_rows`, `swl_q5_0_q8_0_rows`, `swl_q8_0_q8_0_rows`; decode_rows_avx512.c) rather than the 256-bit
/// loop with the EVEX `vpdpbusd`. Same bits either way. Yes on Intel, where the 256-bit loop is bound by its vector
/// uops; no on AMD: Zen 4 splits each 512-bit operation into two 256-bit halves, and there the two-rows kernels
/// decoded 8–30% slower than the 256-bit loop (Gemma 3 270M, whose step streams a 178 MB Q8_0 head; eight alternating
/// pairs, median 19%; SmolLM2 within noise). The environment
/// variable `SWIFTLET_TWO_ROW_DECODE` (`1` or `0`, read once) overrides the default.
int swl_two_row_decode(void);

/// Sets ``swl_two_row_decode`` (non-zero: on) and returns the previous value. For tests, which run both.
int swl_set_two_row_decode(int on);

/// Q5_0 row (`blocks` × 22 bytes) · Q8_0 activations (`blocks` × 34 bytes), as `ggml_vec_dot_q5_0_q8_0` (AVX2).
float swl_dot_q5_0_q8_0(const void *x, const void *y, int blocks);

/// Q5_0 weight rows `row_start ..< row_end` (each `row_bytes` apart from `w`) · `columns` Q8_0 activation columns
/// (each `column_bytes` apart from `a`), `blocks` blocks per row: `out[c · out_stride + r]`, each bit-identical to
/// `swl_dot_q5_0_q8_0` of that row and column. `a_d` holds every column's block `d` widened to f32
/// (`[columns][blocks]`). Each unpacked weight block serves up to 8 columns (prefill and batched decode).
void swl_q5_0_q8_0_rows(const void *w, long row_bytes, int row_start, int row_end, const void *a, long column_bytes,
                        const float *a_d, int columns, int blocks, float *out, long out_stride);

/// Copies `columns` Q8_0 activation columns (`columnBytes` apart from `a`, `blocks` blocks each) into the pair layout
/// of `swl_q5_0_q8_0_pairs_rows`: `ys` `[pairs][blocks][64]` bytes, pair p's block b the 32 quants of column 2p then
/// those of column 2p + 1; `ds` `[pairs][blocks][16]` their widened block scales (`yd`, `[columns][blocks]`), each
/// column's in its 8 lanes; `corr` `[pairs][blocks][16]` Int32, lane k of each column's half −16 × the sum of its
/// quants 4k…4k+3 (the kernel's dot runs on the unsigned q5 = q + 16). An odd count's last pair has a zero second
/// column.
/// - Important: only on a CPU where `swl_isa_supported(SWL_ISA_AVX512VNNI)` (compiled for AVX-512).
void swl_q8_0_pairs(const void *a, size_t columnBytes, const float *yd, int columns, int blocks, void *ys, float *ds,
                    int *corr);

/// `swl_q5_0_q8_0_rows` with the activation columns in the layout of `swl_q8_0_pairs`: two columns per 512-bit
/// register, up to 16 columns per unpacked weight block; the same bits.
/// - Important: only on a CPU where `swl_isa_supported(SWL_ISA_AVX512VNNI)` (compiled for AVX-512).
void swl_q5_0_q8_0_pairs_rows(const void *w, long row_bytes, int row_start, int row_end, const void *ys,
                              const float *ds, const int *corr, int columns, int blocks, float *out,
                              long out_stride);

/// Q6_K row (`blocks` × 210 bytes) · Q8_K activations (`blocks` × 292 bytes). `tiled` = 0: per-lane accumulation as
/// `ggml_vec_dot_q6_K_q8_K` (AVX2); 1: one integer total per block, as llama.cpp's tiled kernel.
float swl_dot_q6_K_q8_K(const void *x, const void *y, int blocks, int tiled);

/// One Q6_K row against `columns` Q8_K activation columns (`columnBytes` apart), each result bit-identical to
/// `swl_dot_q6_K_q8_K` of that column; written to `out[c · outStride]`. Each unpacked weight block serves up to 8
/// columns.
void swl_dot_q6_K_q8_K_columns(const void *x, const void *y, size_t columnBytes, int columns, int blocks, int tiled,
                               float *out, size_t outStride);

/// Q4_K row (`blocks` × 144 bytes) · Q8_K activations as llama.cpp's repacked `q4_K_8x8` kernels: `per_pair` = 1
/// scales every 64 elements (its GEMM), 0 every 256 (its GEMV).
float swl_dot_q4_K_q8_K_repacked(const void *x, const void *y, int blocks, int per_pair);

/// One Q4_K row against `columns` Q8_K activation columns (`columnBytes` apart), each result bit-identical to
/// `swl_dot_q4_K_q8_K_repacked` of that column with `per_pair` = (column < `per_pair_below`); written to
/// `out[c · outStride]`. Each unpacked weight block serves up to 8 columns.
void swl_dot_q4_K_q8_K_repacked_columns(const void *x, const void *y, size_t columnBytes, int columns, int blocks,
                                        int per_pair_below, float *out, size_t outStride);

/// Most blocks per row (4096 elements) for `swl_q4_K_q8_K_repacked_pairs_rows` (its columns are copied to a stack
/// buffer of ~75 KiB).
#define SWL_Q4_K_PAIR_MAX_BLOCKS 16

/// Q4_K weight rows `row_start ..< row_end` (each `row_bytes` apart from `w`) · `columns` Q8_K activation columns
/// (each `column_bytes` apart from `a`), `blocks` blocks per row: `out[c · out_stride + r]`, each bit-identical to
/// `swl_dot_q4_K_q8_K_repacked` of that row and column with `per_pair` = (c < `per_pair_below`). The integer work
/// runs two columns per 512-bit register, 16 columns per unpacked weight block.
/// - Important: only on a CPU where `swl_isa_supported(SWL_ISA_AVX512VNNI)` (compiled for AVX-512), and only for
///   `blocks` ≤ `SWL_Q4_K_PAIR_MAX_BLOCKS`.
void swl_q4_K_q8_K_repacked_pairs_rows(const void *w, long row_bytes, int row_start, int row_end, const void *a,
                                       long column_bytes, int columns, int blocks, int per_pair_below, float *out,
                                       long out_stride);

/// Q4_1 weight rows `row_start ..< row_end` (each `row_bytes` apart from `w`) · `columns` Q8_1 activation columns
/// (each `column_bytes` apart from `a`), `blocks` blocks per row: `out[c · out_stride + r]`. Per column, as Kernels'
/// Swift Q4_1 kernel (and `ggml_vec_dot_q4_1_q8_1`): 8 lanes of 4-element integer sums, `acc = fma(lane, dx·dy, acc)`,
/// `mins = fma(mx, sy, mins)`, result `hsum8(acc) + mins`. Each unpacked weight block serves up to 8 columns.
/// `a_d` and `a_s` are every column's block `d` and `s` widened to f32 (`[columns][blocks]`), read instead of
/// converting the blocks' f16 fields in the inner loop.
void swl_q4_1_q8_1_rows(const void *w, long row_bytes, int row_start, int row_end, const void *a, long column_bytes,
                        const float *a_d, const float *a_s, int columns, int blocks, float *out, long out_stride);

/// Q8_0 weight rows `row_start ..< row_end` (each `row_bytes` apart from `w`) · `columns` Q8_0 activation columns
/// (each `column_bytes` apart from `a`), `blocks` blocks per row: `out[c · out_stride + r]`. Per column exactly what
/// Kernels' Swift Q8_0 kernel computes (8 lanes of 4-element integer sums, `acc = fma(lane, dx·dy, acc)`, `hsum8`).
/// Each weight block serves up to 4 columns. `a_d` is every column's block `d` widened to f32 (`[columns][blocks]`).
void swl_q8_0_q8_0_rows(const void *w, long row_bytes, int row_start, int row_end, const void *a, long column_bytes,
                        const float *a_d, int columns, int blocks, float *out, long out_stride);

/// Quantizes `blocks` × 256 floats to Q8_K blocks (292 bytes: `d: f32, qs[256]: i8, bsums[16]: i16`) as llama.cpp's
/// `quantize_row_q8_K_ref`: `iscale = −127/max` of the signed value with the largest |x| (the first such), `q =
/// min(127, round_half_even(iscale·x))`, `d = 1/iscale`; an all-zero block is all zero bytes.
void swl_quantize_q8_K(const float *x, void *out, int blocks);

/// Quantizes `blocks` × 32 floats to Q8_0 blocks (34 bytes: `d: f16, qs[32]: i8`) or, with `with_sum`, Q8_1 blocks
/// (36 bytes: `d: f16, s: f16, qs[32]`) as llama.cpp's `quantize_row_q8_0/1`: `d = amax/127`, `q =
/// round_half_even(x · (127/amax))` (0 when `amax` is 0), `s = f16(d · Σq)`.
void swl_quantize_q8_0_1(const float *x, void *out, int blocks, int with_sum);

/// `y[i] = expf(x[i])` for `i < n`, every value bit-identical to glibc's `expf` (see expf.c); `x` and `y` must not
/// overlap.
void swl_expf(const float *x, float *y, int n);

#endif
