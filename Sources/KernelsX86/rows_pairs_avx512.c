// Q4_1 × Q8_1 and Q8_0 × Q8_0 weight rows against activation columns taken two at a time in one 512-bit register
// (AVX-512 F/BW/VL + VNNI), as q5_0_pairs_avx512.c does for Q5_0 (the layout: simd512.h), each column with exactly
// the lanes and operations of the 256-bit kernels in int_dots.h (and so of their Swift twins). The row loop is here: each call copies its columns into the pair layout once, on the stack,
// and runs every row of its range against them.
//
// Only this file is compiled for AVX-512; isa.c calls it only on a CPU that has those instructions.
#if defined(__x86_64__)  // x86 intrinsics: elsewhere this file compiles to nothing
#include "simd.h"

#pragma clang attribute push(__attribute__((target("avx2,fma,f16c,avx512f,avx512bw,avx512vl,avx512vnni"))), \
                             apply_to = function)

#include "simd512.h"

/// Most column pairs per pass over the weight blocks (16 columns).
#define PAIRS 8

/// Copies quants `[4, 36)` (Q8_1) or `[2, 34)` (Q8_0) of columns `c0 ..< c0 + n` into `ys` (`[pairs][blocks][64]`:
/// the pair's first column, then its second, zero if missing) and their widened `d` into `ds` (`[pairs][blocks][16]`,
/// each column's `d` in its 8 lanes); with `corr`, also each block's `offset_correction(quants, 7)` (`[pairs][blocks]
/// [16]` Int32) for weights offset by 128.
static void copy_pairs(const uint8_t *a, long column_bytes, int block_bytes, int quant_offset, const float *a_d,
                       int c0, int n, int blocks, uint8_t *ys, float *ds, int32_t *corr) {
    for (int p = 0; p < (n + 1) / 2; p++) {
        for (int b = 0; b < blocks; b++) {
            size_t at = (size_t)p * blocks + b;
            for (int h = 0; h < 2; h++) {
                int c = 2 * p + h;
                __m256i q = _mm256_setzero_si256();
                __m256 dy = _mm256_setzero_ps();
                if (c < n) {
                    q = _mm256_loadu_si256(
                        (const __m256i *)(a + (long)(c0 + c) * column_bytes + (long)b * block_bytes + quant_offset));
                    dy = _mm256_set1_ps(a_d[(long)(c0 + c) * blocks + b]);
                }
                _mm256_storeu_si256((__m256i *)(ys + at * 64 + 32 * h), q);
                _mm256_storeu_ps(ds + at * 16 + 8 * h, dy);
                if (corr) _mm256_storeu_si256((__m256i *)(corr + at * 16 + 8 * h), offset_correction(q, 7));
            }
        }
    }
}

/// One Q4_1 row against `n` (1…8, constant after inlining) pairs; `s16` holds block b's `s` of the 16 columns at
/// `[b][16]`. `result[c]` for the pass's columns, as `q4_1_row`: `hsum8(acc) + mins`.
static inline void q4_1_pairs(const uint8_t *x, const uint8_t *ys, const float *ds, const float *s16, int n,
                              int blocks, float result[2 * PAIRS]) {
    __m512 acc[PAIRS];
    for (int p = 0; p < PAIRS; p++) acc[p] = _mm512_setzero_ps();
    __m512 mins = _mm512_setzero_ps();  // lane c: column c's Σ m·s
    for (int b = 0; b < blocks; b++) {
        const uint8_t *block = x + 20 * b;
        prefetch_weights(block);
        __m128 dm = block_d_m(block);
        __m512 dx = _mm512_broadcastss_ps(dm);
        __m512i q = pair_nibbles(block + 4);
        for (int p = 0; p < n; p++) {
            __m512i yq = _mm512_loadu_si512((const void *)(ys + ((size_t)p * blocks + b) * 64));
            __m512i lanes = _mm512_dpbusd_epi32(_mm512_setzero_si512(), q, yq);
            __m512 scale = _mm512_mul_ps(dx, _mm512_loadu_ps(ds + ((size_t)p * blocks + b) * 16));
            acc[p] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(lanes), scale, acc[p]);
        }
        __m512 m = _mm512_broadcastss_ps(_mm_movehdup_ps(dm));
        mins = _mm512_fmadd_ps(m, _mm512_loadu_ps(s16 + 16 * b), mins);
    }
    float m16[16];
    _mm512_storeu_ps(m16, mins);
    for (int p = 0; p < n; p++) {
        pair_hsum8(acc[p], &result[2 * p], &result[2 * p + 1]);
        result[2 * p] += m16[2 * p];
        result[2 * p + 1] += m16[2 * p + 1];
    }
}

/// One Q8_0 row against `n` (1…8) pairs, as `q8_0_row`: per block the 8 lanes of Σ w·y (here as Σ (w + 128)·y
/// started from `corr` = −128·Σ y, the same integers as ggml's |w| · sign(y, w)), `acc = fma(lanes, dx·dy, acc)`,
/// `hsum8(acc)`.
static inline void q8_0_pairs(const uint8_t *x, const uint8_t *ys, const float *ds, const int32_t *corr, int n,
                              int blocks, float result[2 * PAIRS]) {
    __m512 acc[PAIRS];
    for (int p = 0; p < PAIRS; p++) acc[p] = _mm512_setzero_ps();
    for (int b = 0; b < blocks; b++) {
        const uint8_t *block = x + 34 * b;
        prefetch_weights(block);
        __m512 dx = _mm512_broadcastss_ps(block_d_m(block));
        __m512i q = _mm512_broadcast_i64x4(_mm256_loadu_si256((const __m256i *)(block + 2)));
        __m512i unsigned_q = _mm512_xor_si512(q, _mm512_set1_epi8((char)0x80));
        for (int p = 0; p < n; p++) {
            size_t at = (size_t)p * blocks + b;
            __m512i yq = _mm512_loadu_si512((const void *)(ys + at * 64));
            __m512i lanes = _mm512_dpbusd_epi32(_mm512_loadu_si512((const void *)(corr + at * 16)), unsigned_q, yq);
            __m512 scale = _mm512_mul_ps(dx, _mm512_loadu_ps(ds + at * 16));
            acc[p] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(lanes), scale, acc[p]);
        }
    }
    for (int p = 0; p < n; p++) {
        pair_hsum8(acc[p], &result[2 * p], &result[2 * p + 1]);
    }
}

/// Stack copies of one pass's columns: quants, scales and (Q4_1) the transposed `s` values or (Q8_0) the offset
/// corrections.
typedef struct {
    _Alignas(64) uint8_t ys[PAIRS * SWL_PAIR_MAX_BLOCKS * 64];
    _Alignas(64) float ds[PAIRS * SWL_PAIR_MAX_BLOCKS * 16];
    union {
        _Alignas(64) float s16[SWL_PAIR_MAX_BLOCKS * 16];
        _Alignas(64) int32_t corr[PAIRS * SWL_PAIR_MAX_BLOCKS * 16];
    };
} pair_buffers;

void swl_q4_1_q8_1_rows_pairs(const void *w, long row_bytes, int row_start, int row_end, const void *a,
                              long column_bytes, const float *a_d, const float *a_s, int columns, int blocks,
                              float *out, long out_stride) {
    pair_buffers buf;
    for (int c0 = 0; c0 < columns; c0 += 2 * PAIRS) {
        int n = columns - c0 < 2 * PAIRS ? columns - c0 : 2 * PAIRS;
        copy_pairs(a, column_bytes, 36, 4, a_d, c0, n, blocks, buf.ys, buf.ds, NULL);
        for (int b = 0; b < blocks; b++) {
            for (int c = 0; c < 16; c++) buf.s16[16 * b + c] = c < n ? a_s[(long)(c0 + c) * blocks + b] : 0;
        }
        int np = (n + 1) / 2;
        for (int r = row_start; r < row_end; r++) {
            float result[2 * PAIRS];
            const uint8_t *x = (const uint8_t *)w + r * row_bytes;
#define PASS(k) q4_1_pairs(x, buf.ys, buf.ds, buf.s16, k, blocks, result)
            SWL_WITH_CONSTANT_PAIRS(np, PASS)
#undef PASS
            for (int c = 0; c < n; c++) out[(c0 + c) * out_stride + r] = result[c];
        }
    }
}

void swl_q8_0_q8_0_rows_pairs(const void *w, long row_bytes, int row_start, int row_end, const void *a,
                              long column_bytes, const float *a_d, int columns, int blocks, float *out,
                              long out_stride) {
    pair_buffers buf;
    for (int c0 = 0; c0 < columns; c0 += 2 * PAIRS) {
        int n = columns - c0 < 2 * PAIRS ? columns - c0 : 2 * PAIRS;
        copy_pairs(a, column_bytes, 34, 2, a_d, c0, n, blocks, buf.ys, buf.ds, buf.corr);
        int np = (n + 1) / 2;
        for (int r = row_start; r < row_end; r++) {
            float result[2 * PAIRS];
            const uint8_t *x = (const uint8_t *)w + r * row_bytes;
#define PASS(k) q8_0_pairs(x, buf.ys, buf.ds, buf.corr, k, blocks, result)
            SWL_WITH_CONSTANT_PAIRS(np, PASS)
#undef PASS
            for (int c = 0; c < n; c++) out[(c0 + c) * out_stride + r] = result[c];
        }
    }
}

#pragma clang attribute pop

#endif
