// Repacked Q4_K weight rows against Q8_K activation columns, two columns per 512-bit register for the integer work
// (AVX-512 F/BW/VL; layout: simd512.h), each column with exactly the integers and float operations of
// `swl_dot_q4_K_q8_K_repacked` (llama.cpp's `q4_K_8x8` GEMM per 64-element pair below `per_pair_below`, its GEMV per
// 256-element block from there). The integer pair sums of a block are exact, so forming them two columns at a time
// changes nothing; the float tail then runs with lane k = column k, 8 columns per 256-bit vector, as the 256-bit
// kernel's. The row loop is here: each call copies its columns into the pair layout once, on the stack.
//
// Only this file is compiled for AVX-512; isa.c calls it only on a CPU that has those instructions.
#if defined(__x86_64__)  // x86 intrinsics: elsewhere this file compiles to nothing
#include "simd.h"

#pragma clang attribute push(__attribute__((target("avx2,fma,f16c,avx512f,avx512bw,avx512vl"))), apply_to = function)

#include "simd512.h"

/// Columns per pass (8 pairs).
#define COLUMNS 16
/// Bytes of one pair's block in the pass buffer: per 64-element group g the two columns' first 32 quants, then their
/// second 32 (8 × 64 bytes), then the two columns' 16 bsums (64 bytes).
#define PAIR_BLOCK_BYTES 576

/// One pass's columns on the stack.
typedef struct {
    _Alignas(64) uint8_t ys[COLUMNS / 2 * SWL_Q4_K_PAIR_MAX_BLOCKS * PAIR_BLOCK_BYTES];
    /// `[blocks][COLUMNS]` each column's block `d` (0 for missing columns).
    _Alignas(64) float dys[SWL_Q4_K_PAIR_MAX_BLOCKS * COLUMNS];
} q4_k_pass;

static void copy_pass(const uint8_t *a, size_t column_bytes, int c0, int n, int blocks, q4_k_pass *pass) {
    for (int c = 0; c < COLUMNS; c++) {
        for (int b = 0; b < blocks; b++) {
            uint8_t *o = pass->ys + ((size_t)(c / 2) * blocks + b) * PAIR_BLOCK_BYTES + 32 * (c % 2);
            if (c < n) {
                const uint8_t *y = a + (size_t)(c0 + c) * column_bytes + (size_t)b * 292;
                for (int g = 0; g < 8; g++) memcpy(o + 64 * g, y + 4 + 32 * g, 32);
                memcpy(o + 512, y + 260, 32);
                memcpy(&pass->dys[b * COLUMNS + c], y, 4);
            } else {
                for (int g = 0; g < 9; g++) memset(o + 64 * g, 0, 32);
                pass->dys[b * COLUMNS + c] = 0;
            }
        }
    }
}

/// One row against the pass's `n` (1…16) columns: `result[k]` for column k. `per_pair[h]` has the lanes of the
/// pass's half h (columns 8h …< 8h + 8) that scale per 64-element pair, `all_per_pair[h]` whether that is all of them.
static void q4_k_row(const uint8_t *x, const q4_k_pass *pass, int n, int blocks, const __m256 per_pair[2],
                     const int all_per_pair[2], float result[COLUMNS]) {
    const __m512i m4 = _mm512_set1_epi8(0x0F);
    int halves = n > 8 ? 2 : 1;
    int pairs_n = (n + 1) / 2;
    __m256 acc[2] = {_mm256_setzero_ps(), _mm256_setzero_ps()}, mins[2] = {_mm256_setzero_ps(), _mm256_setzero_ps()};
    const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 0, 0, 0, 0, 0, 0, 0, 0);
    for (int b = 0; b < blocks; b++, x += 144) {
        prefetch_weights(x);
        // The block unpacked once into both halves: nibbles, scales as 16-bit lanes, and per bsum the min that
        // multiplies it (`mins16[4g + i]` = m0 of group g for i < 2, m1 for i ≥ 2).
        __m512i low[4], high[4], scale0[4], scale1[4];
        int16_t mins16[16];
        for (int g = 0; g < 4; g++) {
            int16_t s0, s1;
            q4_k_group_scales(x, g, &s0, &s1, mins16);
            scale0[g] = _mm512_set1_epi16(s0);
            scale1[g] = _mm512_set1_epi16(s1);
            __m512i v = _mm512_broadcast_i64x4(_mm256_loadu_si256((const __m256i *)(x + 16 + 32 * g)));
            low[g] = _mm512_and_si512(v, m4);
            high[g] = _mm512_and_si512(_mm512_srli_epi16(v, 4), m4);
        }
        __m512i mins_v = _mm512_broadcast_i64x4(_mm256_loadu_si256((const __m256i *)mins16));
        _Alignas(64) int32_t pairs[COLUMNS][4], min_pairs[COLUMNS][4];
        for (int p = 0; p < pairs_n; p++) {
            const uint8_t *yb = pass->ys + ((size_t)p * blocks + b) * PAIR_BLOCK_BYTES;
            __m512i t[4];
            for (int g = 0; g < 4; g++) {
                __m512i y0 = _mm512_loadu_si512((const void *)(yb + 128 * g));
                __m512i y1 = _mm512_loadu_si512((const void *)(yb + 128 * g + 64));
                __m512i l = _mm512_madd_epi16(_mm512_maddubs_epi16(low[g], y0), scale0[g]);
                __m512i hi = _mm512_madd_epi16(_mm512_maddubs_epi16(high[g], y1), scale1[g]);
                t[g] = _mm512_add_epi32(l, hi);
            }
            // Each column's four group totals (integer sums: any order gives the same value). Per 128-bit lane:
            // [Σt0, Σt1, Σt2, Σt3] over its 4 lanes; then lanes 0 + 1 (first column) and 2 + 3 (second).
            __m512i a01 = _mm512_add_epi32(_mm512_unpacklo_epi32(t[0], t[1]), _mm512_unpackhi_epi32(t[0], t[1]));
            __m512i a23 = _mm512_add_epi32(_mm512_unpacklo_epi32(t[2], t[3]), _mm512_unpackhi_epi32(t[2], t[3]));
            __m512i s = _mm512_add_epi32(_mm512_unpacklo_epi64(a01, a23), _mm512_unpackhi_epi64(a01, a23));
            s = _mm512_add_epi32(s, _mm512_shuffle_i32x4(s, s, _MM_SHUFFLE(2, 3, 0, 1)));
            // 128-bit lanes 0 and 2 (the two columns) next to each other: pairs[2p], pairs[2p + 1].
            _mm256_store_si256((__m256i *)pairs[2 * p],
                               _mm512_castsi512_si256(_mm512_shuffle_i32x4(s, s, _MM_SHUFFLE(0, 0, 2, 0))));
            // min_pairs[g] = m0·(bsum[4g] + bsum[4g+1]) + m1·(bsum[4g+2] + bsum[4g+3]), exact in 32 bits.
            __m512i mp = _mm512_madd_epi16(_mm512_loadu_si512((const void *)(yb + 512)), mins_v);
            mp = _mm512_add_epi32(mp, _mm512_shuffle_epi32(mp, _MM_PERM_CDAB));
            _mm256_store_si256((__m256i *)min_pairs[2 * p], _mm512_castsi512_si256(_mm512_permutexvar_epi32(even, mp)));
        }
        for (int p = pairs_n; p < 4 * halves; p++) {  // lanes of missing columns: zero, their results are dropped
            memset(pairs[2 * p], 0, 32);
            memset(min_pairs[2 * p], 0, 32);
        }
        float dx = _cvtsh_ss(*(const uint16_t *)x), dminx = _cvtsh_ss(*(const uint16_t *)(x + 2));
        for (int h = 0; h < halves; h++) {
            q4_k_tail8((const int32_t (*)[4])pairs[8 * h], (const int32_t (*)[4])min_pairs[8 * h],
                       pass->dys + b * COLUMNS + 8 * h, dx, dminx, per_pair[h], all_per_pair[h], &acc[h], &mins[h]);
        }
    }
    for (int h = 0; h < halves; h++) _mm256_storeu_ps(result + 8 * h, _mm256_sub_ps(acc[h], mins[h]));
}

void swl_q4_K_q8_K_repacked_pairs_rows(const void *w, long row_bytes, int row_start, int row_end, const void *a,
                                       long column_bytes, int columns, int blocks, int per_pair_below, float *out,
                                       long out_stride) {
    q4_k_pass pass;
    for (int c0 = 0; c0 < columns; c0 += COLUMNS) {
        int n = columns - c0 < COLUMNS ? columns - c0 : COLUMNS;
        copy_pass(a, (size_t)column_bytes, c0, n, blocks, &pass);
        __m256 per_pair[2];
        int all_per_pair[2];
        for (int h = 0; h < 2; h++) {
            int32_t lanes[8];
            for (int k = 0; k < 8; k++) lanes[k] = c0 + 8 * h + k < per_pair_below ? -1 : 0;
            per_pair[h] = _mm256_castsi256_ps(_mm256_loadu_si256((const __m256i *)lanes));
            all_per_pair[h] = c0 + 8 * h + 8 <= per_pair_below;
        }
        for (int r = row_start; r < row_end; r++) {
            float result[COLUMNS];
            q4_k_row((const uint8_t *)w + (long)r * row_bytes, &pass, n, blocks, per_pair, all_per_pair, result);
            for (int k = 0; k < n; k++) out[(long)(c0 + k) * out_stride + r] = result[k];
        }
    }
}

#pragma clang attribute pop

#endif
