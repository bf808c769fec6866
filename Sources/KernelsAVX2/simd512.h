// Helpers of the AVX-512 pair kernels (q5_0_pairs_avx512.c, rows_pairs_avx512.c), private header. Include it after
// the file's AVX-512 target pragma, so these functions get that target too.
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

/// The first column's 8 lanes of a pair accumulator.
static inline __m256 pair_first(__m512 acc) { return _mm512_castps512_ps256(acc); }

/// The second column's 8 lanes of a pair accumulator.
static inline __m256 pair_second(__m512 acc) {
    return _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(acc), 1));
}

#endif
