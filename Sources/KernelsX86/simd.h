// Small inline helpers shared by the kernel files of this target (private header). Everything here is plain
// AVX2 + FMA + F16C, so it may be inlined into any variant (see isa.c).
#ifndef SWIFTLET_KERNELS_SIMD_H
#define SWIFTLET_KERNELS_SIMD_H

#include "KernelsX86.h"
#include "KernelsPrefetch.h"

#include <immintrin.h>
#include <stdint.h>
#include <string.h>

/// Prefetches `SWL_PREFETCH_BYTES` past the weight block being read. Past the end of a chunk it touches the next
/// rows, which another item reads soon anyway.
static inline void prefetch_weights(const uint8_t *block) { swl_prefetch(block + SWL_PREFETCH_BYTES); }

static inline float half_to_float(const uint8_t *p) {
    uint16_t h;
    memcpy(&h, p, 2);
    return _cvtsh_ss(h);
}

/// The two f16 values a block starts with (`d`, and for Q4_1 `m`) in lanes 0 and 1, from one zero-extending 32-bit
/// load; the block must have at least 4 bytes. clang emits `_cvtsh_ss` as `vpinsrw` merging into a register of its
/// choice; in the Q4_1 loops it picked live accumulators (once a scalar min sum, once the 4-column loop's), chaining
/// every block to the previous block's fma.
static inline __m128 block_d_m(const uint8_t *block) {
    return _mm_cvtph_ps(_mm_loadu_si32(block));
}

/// `v` through an empty asm statement, so that the compiler no longer knows its lanes: a splat multiplied by a
/// broadcast load then stays one `vmulps` with a load, instead of becoming a scalar `vmulss` plus a register
/// broadcast (one more shuffle uop per block and column in the column kernels).
static inline __m256 opaque_ps(__m256 v) {
    __asm__("" : "+x"(v));
    return v;
}

/// The block's `d` (see `block_d_m`) in every lane, through `opaque_ps`.
static inline __m256 block_d_splat(const uint8_t *block) {
    return opaque_ps(_mm256_broadcastss_ps(block_d_m(block)));
}

/// ((l0 + l4) + (l2 + l6)) + ((l1 + l5) + (l3 + l7)), the order of ggml's `hsum_float_8`.
static inline float hsum8(__m256 v) {
    __m128 s4 = _mm_add_ps(_mm256_extractf128_ps(v, 1), _mm256_castps256_ps128(v));
    __m128 s2 = _mm_add_ps(s4, _mm_movehl_ps(s4, s4));
    return _mm_cvtss_f32(_mm_add_ss(s2, _mm_movehdup_ps(s2)));
}

/// Sum of 8 int32 lanes.
static inline int32_t hsum_i32(__m256i v) {
    __m128i s = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0x4E));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0xB1));
    return _mm_cvtsi128_si32(s);
}

/// 16 bytes of packed nibbles (byte i: element i low, element i + 16 high) as 32 bytes in element order.
static inline __m256i nibbles32(const uint8_t *p) {
    // The 16 bytes in both halves (a load, no shuffle), the upper half shifted by a blend.
    __m256i t = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)p));
    __m256i v = _mm256_blend_epi32(t, _mm256_srli_epi16(t, 4), 0xF0);
    return _mm256_and_si256(v, _mm256_set1_epi8(0x0F));
}

/// Byte j = 0xFF where bit j of `bits` is set, else 0.
static inline __m256i bit_bytes(uint32_t bits) {
    const __m256i spread = _mm256_setr_epi64x(0x0000000000000000LL, 0x0101010101010101LL,
                                              0x0202020202020202LL, 0x0303030303030303LL);
    __m256i v = _mm256_shuffle_epi8(_mm256_set1_epi32((int)bits), spread);
    // Set every bit except bit (j mod 8) of byte j; the byte is all ones exactly when that bit was set.
    v = _mm256_or_si256(v, _mm256_set1_epi64x(0x7FBFDFEFF7FBFDFELL));
    return _mm256_cmpeq_epi8(v, _mm256_set1_epi64x(-1));
}

/// Int32 lane k = Σ of x·y over bytes 4k … 4k+3 (x, y signed, |x·y pair sum| < 32768).
static inline __m256i dot_i8_lanes(__m256i x, __m256i y) {
    __m256i ax = _mm256_sign_epi8(x, x);
    __m256i sy = _mm256_sign_epi8(y, x);
    return _mm256_madd_epi16(_mm256_maddubs_epi16(ax, sy), _mm256_set1_epi16(1));
}

/// Most activation columns that share one unpacked Q6_K or repacked Q4_K weight block (the unpacking is most of a
/// K-quant block's work, so it pays to spread it over more columns than fit in registers).
#define K_QUANT_COLUMNS 8

/// The 6-bit scale and min of Q4_K sub-block j from its 12 packed bytes.
static inline void scale_min_k4(int j, const uint8_t *q, int32_t *sc, int32_t *m) {
    if (j < 4) {
        *sc = q[j] & 63;
        *m = q[j + 4] & 63;
    } else {
        *sc = (q[j + 4] & 0x0F) | ((q[j - 4] >> 6) << 4);
        *m = (q[j + 4] >> 4) | ((q[j] >> 6) << 4);
    }
}

/// Q4_K block `x`'s scales of 64-element group g (sub-blocks 2g and 2g + 1) into `*s0`, `*s1`, and its two mins
/// into `mins16[4g …< 4g + 4]`, one per bsum they multiply (m0 for the first two, m1 for the last two).
static inline void q4_k_group_scales(const uint8_t *x, int g, int16_t *s0, int16_t *s1, int16_t mins16[16]) {
    int32_t a0, m0, a1, m1;
    scale_min_k4(2 * g, x + 4, &a0, &m0);
    scale_min_k4(2 * g + 1, x + 4, &a1, &m1);
    *s0 = (int16_t)a0;
    *s1 = (int16_t)a1;
    mins16[4 * g] = mins16[4 * g + 1] = (int16_t)m0;
    mins16[4 * g + 2] = mins16[4 * g + 3] = (int16_t)m1;
}

/// The 8 columns' values `r[k][g]` (`[8][4]` Int32) as 4 vectors, vector g lane k = `r[k][g]`.
static inline void transpose_8x4(const int32_t r[K_QUANT_COLUMNS][4], __m256i g[4]) {
    __m256i y[4];
    for (int k = 0; k < 4; k++) {
        y[k] = _mm256_loadu2_m128i((const __m128i *)r[k + 4], (const __m128i *)r[k]);  // [r_k | r_k+4]
    }
    __m256i t0 = _mm256_unpacklo_epi32(y[0], y[1]), t1 = _mm256_unpackhi_epi32(y[0], y[1]);
    __m256i t2 = _mm256_unpacklo_epi32(y[2], y[3]), t3 = _mm256_unpackhi_epi32(y[2], y[3]);
    g[0] = _mm256_unpacklo_epi64(t0, t2);
    g[1] = _mm256_unpackhi_epi64(t0, t2);
    g[2] = _mm256_unpacklo_epi64(t1, t3);
    g[3] = _mm256_unpackhi_epi64(t1, t3);
}

/// The float tail of a repacked Q4_K block for 8 columns, lane k = column k: `pairs`/`min_pairs` the columns' 4
/// integer pair sums, `dys` their `d`, `per_pair` the lanes scaled per 64-element pair (all of them when
/// `all_per_pair`), the others once per block; each lane the column's scalar chain of `swl_dot_q4_K_q8_K_repacked`.
static inline void q4_k_tail8(const int32_t pairs[8][4], const int32_t min_pairs[8][4], const float *dys, float dx,
                              float dminx, __m256 per_pair, int all_per_pair, __m256 *acc, __m256 *mins) {
    __m256 dy = _mm256_loadu_ps(dys);
    __m256 d = _mm256_mul_ps(_mm256_set1_ps(dx), dy);
    __m256 dmin = _mm256_mul_ps(_mm256_set1_ps(dminx), dy);
    __m256i p[4], m[4];
    transpose_8x4(pairs, p);
    transpose_8x4(min_pairs, m);
    __m256 acc_pairs = *acc, mins_pairs = *mins;
    for (int g = 0; g < 4; g++) {
        acc_pairs = _mm256_fmadd_ps(_mm256_cvtepi32_ps(p[g]), d, acc_pairs);
        mins_pairs = _mm256_fmadd_ps(_mm256_cvtepi32_ps(m[g]), dmin, mins_pairs);
    }
    if (all_per_pair) {
        *acc = acc_pairs;
        *mins = mins_pairs;
    } else {
        __m256i p_total = _mm256_add_epi32(_mm256_add_epi32(_mm256_add_epi32(p[0], p[1]), p[2]), p[3]);
        __m256i m_total = _mm256_add_epi32(_mm256_add_epi32(_mm256_add_epi32(m[0], m[1]), m[2]), m[3]);
        __m256 acc_total = _mm256_fmadd_ps(_mm256_cvtepi32_ps(p_total), d, *acc);
        __m256 mins_total = _mm256_fmadd_ps(_mm256_cvtepi32_ps(m_total), dmin, *mins);
        *acc = _mm256_blendv_ps(acc_total, acc_pairs, per_pair);
        *mins = _mm256_blendv_ps(mins_total, mins_pairs, per_pair);
    }
}

#endif
