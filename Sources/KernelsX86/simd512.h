// Helpers of the AVX-512 kernels (q5_0_pairs_avx512.c, rows_pairs_avx512.c, q4_k_pairs_avx512.c,
// decode_rows_avx512.c), private header. Include it after the file's AVX-512 target pragma, so these functions get
// that target too.
//
// The pair layout: a 512-bit register holds two activation columns, lanes 0–7 (bytes 0–31) the first, lanes 8–15
// (bytes 32–63) the second, each in the 256-bit kernels' lane order; a weight block is unpacked into both halves.
#ifndef SWIFTLET_KERNELS_SIMD512_H
#define SWIFTLET_KERNELS_SIMD512_H

#include "simd.h"

/// 16 bytes of packed nibbles (byte i: element i low, element i + 16 high) as 32 bytes in element order, twice: one
/// broadcast load, the high nibbles shifted down in 128-bit lanes 1 and 3 (16-bit words 8–15 and 24–31).
static inline __m512i pair_nibbles(const uint8_t *p) {
    __m512i raw = _mm512_broadcast_i32x4(_mm_loadu_si128((const __m128i *)p));
    __m512i v = _mm512_mask_srli_epi16(raw, (__mmask32)0xFF00FF00u, raw, 4);
    return _mm512_and_si512(v, _mm512_set1_epi8(0x0F));
}

/// Lane k = −2^`shift` · Σ of `y`'s signed bytes 4k … 4k+3. Started from this instead of zero, `vpdpbusd` of
/// weights offset by 2^`shift` (to make them unsigned) gives the same integers as ggml's sign trick on the signed
/// weights, one instruction per block and column fewer.
static inline __m256i offset_correction(__m256i y, int shift) {
    __m256i sums = _mm256_dpbusd_epi32(_mm256_setzero_si256(), _mm256_set1_epi8(1), y);
    return _mm256_sub_epi32(_mm256_setzero_si256(), _mm256_sll_epi32(sums, _mm_cvtsi32_si128(shift)));
}

/// `body(k)` with `k` the constant 1…8 equal to `n` (8 for anything larger), so that the loop over k pairs in the
/// body unrolls and keeps its accumulators in registers.
#define SWL_WITH_CONSTANT_PAIRS(n, body) \
    switch (n) {                          \
    case 1: body(1); break;               \
    case 2: body(2); break;               \
    case 3: body(3); break;               \
    case 4: body(4); break;               \
    case 5: body(5); break;               \
    case 6: body(6); break;               \
    case 7: body(7); break;               \
    default: body(8); break;              \
    }

/// `hsum8` of both halves of a pair accumulator (the first column's 8 lanes into `*first`, the second's into
/// `*second`), each in `hsum8`'s order — ((l0 + l4) + (l2 + l6)) + ((l1 + l5) + (l3 + l7)) — with in-lane shuffles
/// that serve both halves at once.
static inline void pair_hsum8(__m512 acc, float *first, float *second) {
    __m512 s4 = _mm512_add_ps(_mm512_shuffle_f32x4(acc, acc, _MM_SHUFFLE(2, 3, 0, 1)), acc);  // l_i + l_i+4
    __m512 s2 = _mm512_add_ps(s4, _mm512_permute_ps(s4, _MM_SHUFFLE(3, 2, 3, 2)));              // as movehl
    __m512 s1 = _mm512_add_ps(s2, _mm512_movehdup_ps(s2));
    *first = _mm512_cvtss_f32(s1);
    *second = _mm_cvtss_f32(_mm512_extractf32x4_ps(s1, 2));
}

#endif
