// One activation column (decode) against Q4_1, Q5_0 or Q8_0 weight rows, two rows per 512-bit register (AVX-512 F/BW/VL +
// VNNI): lanes 0–7 are row r's 8 lanes, lanes 8–15 row r + 1's, each with exactly the lanes and operations of the
// 256-bit one-column loop (`q4_1_row1`, `q5_0_columns` and `q8_0_row` with one column, so of ggml's kernels): the lanes never mix,
// so each half's chain of fmas is that row's chain. The activation block is one broadcast load for both rows, and
// one dot, convert, multiply and fma serve two rows where the 256-bit loop spends them on one. That loop was bound by
// its vector uops (ports 0 and 1 on Intel) at ~10 GB/s per thread; 512-bit uops issue on ports 0 and 5.
//
// Only this file is compiled for AVX-512; isa.c calls it only on a CPU that has those instructions.
#if defined(__x86_64__)  // x86 intrinsics: elsewhere this file compiles to nothing
#include "simd.h"

#pragma clang attribute push(__attribute__((target("avx2,fma,f16c,avx512f,avx512bw,avx512vl,avx512vnni"))), \
                             apply_to = function)

#include "simd512.h"

/// The 16 bytes of packed nibbles at `p0` and at `p1` as 32 bytes in element order each: `[p0's | p1's]`.
static inline __m512i two_rows_nibbles(const uint8_t *p0, const uint8_t *p1) {
    __m512i raw = _mm512_mask_broadcast_i32x4(_mm512_broadcast_i32x4(_mm_loadu_si128((const __m128i *)p0)),
                                              (__mmask16)0xFF00, _mm_loadu_si128((const __m128i *)p1));
    __m512i v = _mm512_mask_srli_epi16(raw, (__mmask32)0xFF00FF00u, raw, 4);
    return _mm512_and_si512(v, _mm512_set1_epi8(0x0F));
}

/// The `d` (the first 2 bytes) of blocks `b0` and `b1`: b0's in lanes 0–7, b1's in lanes 8–15.
static inline __m512 two_rows_d(const uint8_t *b0, const uint8_t *b1) {
    const __m512i spread = _mm512_setr_epi32(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1);
    uint16_t d0, d1;
    memcpy(&d0, b0, 2);
    memcpy(&d1, b1, 2);
    __m128 d = _mm_cvtph_ps(_mm_cvtsi32_si128((int)((uint32_t)d0 | (uint32_t)d1 << 16)));
    return _mm512_permutexvar_ps(spread, _mm512_castps128_ps512(d));
}

/// Q4_1 rows `x0` and `x1` · one Q8_1 column `y` (`ad`, `as`: its blocks' d and s widened), as `q4_1_row1`:
/// `hsum8(acc) + mins` per row.
static inline void q4_1_two_rows(const uint8_t *x0, const uint8_t *x1, const uint8_t *y, const float *ad,
                                 const float *as, int blocks, float *r0, float *r1) {
    // Lanes of [d0, m0, d1, m1]: d0 in lanes 0–7, d1 in lanes 8–15.
    const __m512i spread = _mm512_setr_epi32(0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 2, 2, 2, 2, 2, 2);
    __m512 acc = _mm512_setzero_ps();
    __m128 mins = _mm_setzero_ps();  // lanes 1 and 3: each row's Σ m·s, one fma per block as the scalar chain
    for (int b = 0; b < blocks; b++) {
        const uint8_t *b0 = x0 + 20 * b, *b1 = x1 + 20 * b;
        prefetch_weights(b0);
        prefetch_weights(b1);
        uint32_t h0, h1;
        memcpy(&h0, b0, 4);
        memcpy(&h1, b1, 4);
        __m128 dm = _mm_cvtph_ps(_mm_cvtsi64_si128((long long)((uint64_t)h0 | (uint64_t)h1 << 32)));
        __m512i q = two_rows_nibbles(b0 + 4, b1 + 4);
        __m512i yq = _mm512_broadcast_i64x4(_mm256_loadu_si256((const __m256i *)(y + 36 * b + 4)));
        __m512i lanes = _mm512_dpbusd_epi32(_mm512_setzero_si512(), q, yq);
        __m512 scale = _mm512_mul_ps(_mm512_permutexvar_ps(spread, _mm512_castps128_ps512(dm)), _mm512_set1_ps(ad[b]));
        acc = _mm512_fmadd_ps(_mm512_cvtepi32_ps(lanes), scale, acc);
        mins = _mm_fmadd_ps(dm, _mm_set1_ps(as[b]), mins);
    }
    float m[4];
    _mm_storeu_ps(m, mins);
    pair_hsum8(acc, r0, r1);
    *r0 += m[1];
    *r1 += m[3];
}

/// Q5_0 rows `x0` and `x1` · one Q8_0 column `y` (`yd`: its blocks' d widened), as `q5_0_columns` with one column.
static inline void q5_0_two_rows(const uint8_t *x0, const uint8_t *x1, const uint8_t *y, const float *yd, int blocks,
                                 float *r0, float *r1) {
    __m512 acc = _mm512_setzero_ps();
    for (int b = 0; b < blocks; b++) {
        const uint8_t *b0 = x0 + 22 * b, *b1 = x1 + 22 * b;
        prefetch_weights(b0);
        prefetch_weights(b1);
        uint32_t qh0, qh1;
        memcpy(&qh0, b0 + 2, 4);
        memcpy(&qh1, b1 + 2, 4);
        // q5 − 16 < 0 exactly where the fifth bit is clear; ggml's sign trick as in q5_0_pairs_avx512.c.
        __mmask64 negative = ~_cvtu64_mask64((uint64_t)qh0 | (uint64_t)qh1 << 32);
        __m512i nib = two_rows_nibbles(b0 + 6, b1 + 6);
        __m512i ax = _mm512_mask_sub_epi8(nib, negative, _mm512_set1_epi8(16), nib);
        __m512i yq = _mm512_broadcast_i64x4(_mm256_loadu_si256((const __m256i *)(y + 34 * b + 2)));
        __m512i sy = _mm512_mask_sub_epi8(yq, negative, _mm512_setzero_si512(), yq);
        __m512i lanes = _mm512_dpbusd_epi32(_mm512_setzero_si512(), ax, sy);
        __m512 d = _mm512_mul_ps(two_rows_d(b0, b1), _mm512_set1_ps(yd[b]));
        acc = _mm512_fmadd_ps(d, _mm512_cvtepi32_ps(lanes), acc);
    }
    pair_hsum8(acc, r0, r1);
}

/// The two halves' rows `x0`, `x1` of a Q8_0 weight: block b's 32 quants of each, made unsigned (+128).
static inline __m512i two_rows_q8_0(const uint8_t *b0, const uint8_t *b1) {
    __m512i q = _mm512_inserti64x4(_mm512_castsi256_si512(_mm256_loadu_si256((const __m256i *)(b0 + 2))),
                                   _mm256_loadu_si256((const __m256i *)(b1 + 2)), 1);
    return _mm512_xor_si512(q, _mm512_set1_epi8((char)0x80));
}

/// Q8_0 rows `x0` and `x1` · one Q8_0 column `y` (`yd`: its blocks' d widened; `corr`: per block
/// `offset_correction(quants, 7)`), as `q8_0_row` with one column: Σ w·y per lane as Σ (w + 128)·y − 128·Σ y.
static inline void q8_0_two_rows(const uint8_t *x0, const uint8_t *x1, const uint8_t *y, const float *yd,
                                 const int32_t *corr, int blocks, float *r0, float *r1) {
    __m512 acc = _mm512_setzero_ps();
    for (int b = 0; b < blocks; b++) {
        const uint8_t *b0 = x0 + 34 * b, *b1 = x1 + 34 * b;
        prefetch_weights(b0);
        prefetch_weights(b1);
        __m512i yq = _mm512_broadcast_i64x4(_mm256_loadu_si256((const __m256i *)(y + 34 * b + 2)));
        __m512i start = _mm512_broadcast_i64x4(_mm256_loadu_si256((const __m256i *)(corr + 8 * b)));
        __m512i lanes = _mm512_dpbusd_epi32(start, two_rows_q8_0(b0, b1), yq);
        __m512 scale = _mm512_mul_ps(two_rows_d(b0, b1), _mm512_set1_ps(yd[b]));
        acc = _mm512_fmadd_ps(_mm512_cvtepi32_ps(lanes), scale, acc);
    }
    pair_hsum8(acc, r0, r1);
}

/// Rows `row_start ..< row_end` of `w` (`row_bytes` apart) two at a time through `two_rows(x0, x1, &r0, &r1)`, the
/// results to `out[r]`; an odd last row runs against itself in the second half, which is dropped.
#define SWL_TWO_ROWS_LOOP(two_rows)                                                                                 \
    for (int r = row_start; r < row_end; r += 2) {                                                                  \
        int second = r + 1 < row_end ? r + 1 : r;                                                                   \
        float r0, r1;                                                                                               \
        two_rows((const uint8_t *)w + (long)r * row_bytes, (const uint8_t *)w + (long)second * row_bytes, &r0, &r1); \
        out[r] = r0;                                                                                                \
        if (second != r) out[second] = r1;                                                                          \
    }

/// Most blocks per row of `swl_q8_0_q8_0_rows_decode` (its corrections are on the stack).
#define Q8_0_DECODE_MAX_BLOCKS 1024

int swl_q8_0_q8_0_rows_decode(const void *w, long row_bytes, int row_start, int row_end, const void *a,
                              const float *a_d, int blocks, float *out) {
    if (blocks > Q8_0_DECODE_MAX_BLOCKS) return 0;
    int32_t corr[8 * Q8_0_DECODE_MAX_BLOCKS];
    for (int b = 0; b < blocks; b++) {
        __m256i q = _mm256_loadu_si256((const __m256i *)((const uint8_t *)a + 34 * b + 2));
        _mm256_storeu_si256((__m256i *)(corr + 8 * b), offset_correction(q, 7));
    }
#define TWO(x0, x1, r0, r1) q8_0_two_rows(x0, x1, a, a_d, corr, blocks, r0, r1)
    SWL_TWO_ROWS_LOOP(TWO)
#undef TWO
    return 1;
}

void swl_q4_1_q8_1_rows_decode(const void *w, long row_bytes, int row_start, int row_end, const void *a,
                               const float *a_d, const float *a_s, int blocks, float *out) {
#define TWO(x0, x1, r0, r1) q4_1_two_rows(x0, x1, a, a_d, a_s, blocks, r0, r1)
    SWL_TWO_ROWS_LOOP(TWO)
#undef TWO
}

void swl_q5_0_q8_0_rows_decode(const void *w, long row_bytes, int row_start, int row_end, const void *a,
                               const float *a_d, int blocks, float *out) {
#define TWO(x0, x1, r0, r1) q5_0_two_rows(x0, x1, a, a_d, blocks, r0, r1)
    SWL_TWO_ROWS_LOOP(TWO)
#undef TWO
}

#pragma clang attribute pop

#endif
