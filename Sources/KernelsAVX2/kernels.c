// See include/KernelsAVX2.h. Block layouts: ENGINE.md §2.1–2.2. Every float operation is written out (explicit
// fma, fixed summation order) so that the compiler cannot reassociate or contract it (built with
// -ffp-contract=off).
#include "KernelsAVX2.h"

#include <immintrin.h>
#include <stdint.h>
#include <string.h>

int swl_cpu_has_avx2_fma_f16c(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c");
}

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

float swl_dot_q5_0_q8_0(const void *vx, const void *vy, int blocks) {
    const uint8_t *x = vx, *y = vy;
    __m256 acc = _mm256_setzero_ps();
    for (int b = 0; b < blocks; b++, x += 22, y += 34) {
        prefetch_weights(x);
        float d = half_to_float(x) * half_to_float(y);
        uint32_t qh;
        memcpy(&qh, x + 2, 4);
        // q5 − 16 as int8: nibble | 0xF0 where the fifth bit is clear.
        __m256i q = _mm256_or_si256(nibbles32(x + 6), _mm256_andnot_si256(bit_bytes(qh), _mm256_set1_epi8((char)0xF0)));
        __m256i yq = _mm256_loadu_si256((const __m256i *)(y + 2));
        __m256 lanes = _mm256_cvtepi32_ps(dot_i8_lanes(q, yq));
        acc = _mm256_fmadd_ps(_mm256_set1_ps(d), lanes, acc);
    }
    return hsum8(acc);
}

/// Most activation columns that share one unpacked Q5_0 weight block.
#define Q5_0_COLUMNS 8

/// One Q5_0 row against `n` (1…8, a constant after inlining) Q8_0 columns; each column's accumulator sees exactly
/// the operations of swl_dot_q5_0_q8_0.
static inline void q5_0_columns(const uint8_t *x, const uint8_t *y, size_t columnBytes, const float *yd, int n,
                                int blocks, float *out, size_t outStride) {
    __m256 acc[Q5_0_COLUMNS];
    for (int k = 0; k < Q5_0_COLUMNS; k++) acc[k] = _mm256_setzero_ps();
    const uint8_t *xb = x;
    for (int b = 0; b < blocks; b++, xb += 22) {
        prefetch_weights(xb);
        uint32_t qh;
        memcpy(&qh, xb + 2, 4);
        __m256i q = _mm256_or_si256(nibbles32(xb + 6), _mm256_andnot_si256(bit_bytes(qh), _mm256_set1_epi8((char)0xF0)));
        __m256i ax = _mm256_sign_epi8(q, q);
        __m256 dxv = block_d_splat(xb);
        for (int k = 0; k < n; k++) {
            const uint8_t *yb = y + (size_t)k * columnBytes + (size_t)b * 34;
            __m256 d = _mm256_mul_ps(dxv, _mm256_broadcast_ss(yd + (size_t)k * blocks + b));
            __m256i yq = _mm256_loadu_si256((const __m256i *)(yb + 2));
            __m256i sy = _mm256_sign_epi8(yq, q);
            __m256i lanes = _mm256_madd_epi16(_mm256_maddubs_epi16(ax, sy), _mm256_set1_epi16(1));
            acc[k] = _mm256_fmadd_ps(d, _mm256_cvtepi32_ps(lanes), acc[k]);
        }
    }
    for (int k = 0; k < n; k++) out[(size_t)k * outStride] = hsum8(acc[k]);
}

void swl_dot_q5_0_q8_0_columns(const void *vx, const void *vy, size_t columnBytes, const float *yd, int columns,
                               int blocks, float *out, size_t outStride) {
    const uint8_t *x = vx, *y = vy;
    for (int c0 = 0; c0 < columns; c0 += Q5_0_COLUMNS) {
        int n = columns - c0 < Q5_0_COLUMNS ? columns - c0 : Q5_0_COLUMNS;
        const uint8_t *yc = y + (size_t)c0 * columnBytes;
        const float *dc = yd + (size_t)c0 * blocks;
        float *oc = out + (size_t)c0 * outStride;
        switch (n) {  // constant n per call, so the column loop is unrolled and the accumulators stay in registers
        case 1: q5_0_columns(x, yc, columnBytes, dc, 1, blocks, oc, outStride); break;
        case 2: q5_0_columns(x, yc, columnBytes, dc, 2, blocks, oc, outStride); break;
        case 3: q5_0_columns(x, yc, columnBytes, dc, 3, blocks, oc, outStride); break;
        case 4: q5_0_columns(x, yc, columnBytes, dc, 4, blocks, oc, outStride); break;
        case 5: q5_0_columns(x, yc, columnBytes, dc, 5, blocks, oc, outStride); break;
        case 6: q5_0_columns(x, yc, columnBytes, dc, 6, blocks, oc, outStride); break;
        case 7: q5_0_columns(x, yc, columnBytes, dc, 7, blocks, oc, outStride); break;
        default: q5_0_columns(x, yc, columnBytes, dc, 8, blocks, oc, outStride); break;
        }
    }
}

/// Most activation columns that share one unpacked Q6_K or repacked Q4_K weight block (the unpacking is most of a
/// K-quant block's work, so it pays to spread it over more columns than fit in registers).
#define K_QUANT_COLUMNS 8

/// The 8 Int32 lanes of a Q6_K block · Q8_K block (lane k of each 32-element group: its 4-element group k times
/// the group's scale; minus `32·(bsum[2k]·sc[2k] + bsum[2k+1]·sc[2k+1])`).
static inline __m256i q6k_lanes(const uint8_t *x, const uint8_t *y) {
    __m256i sumi = _mm256_setzero_si256();
    const __m256i m4 = _mm256_set1_epi8(0x0F), m2 = _mm256_set1_epi8(0x03);
    for (int half = 0; half < 2; half++) {
        const uint8_t *ql = x + 64 * half, *qh = x + 128 + 32 * half;
        __m256i lowA = _mm256_loadu_si256((const __m256i *)ql);
        __m256i lowB = _mm256_loadu_si256((const __m256i *)(ql + 32));
        __m256i high = _mm256_loadu_si256((const __m256i *)qh);
        for (int g = 0; g < 4; g++) {
            __m256i source = (g & 1) == 0 ? lowA : lowB;
            __m256i nib = _mm256_and_si256(g < 2 ? source : _mm256_srli_epi16(source, 4), m4);
            __m256i bits = _mm256_slli_epi16(_mm256_and_si256(_mm256_srl_epi16(high, _mm_cvtsi32_si128(2 * g)), m2), 4);
            __m256i q = _mm256_or_si256(nib, bits);
            __m256i yq = _mm256_loadu_si256((const __m256i *)(y + 4 + 128 * half + 32 * g));
            int s = 8 * half + 2 * g;
            __m256i scale = _mm256_setr_m128i(_mm_set1_epi16((int8_t)x[192 + s]), _mm_set1_epi16((int8_t)x[193 + s]));
            sumi = _mm256_add_epi32(sumi, _mm256_madd_epi16(_mm256_maddubs_epi16(q, yq), scale));
        }
    }
    __m256i scales = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(x + 192)));
    __m256i bsums = _mm256_loadu_si256((const __m256i *)(y + 260));
    __m256i correction = _mm256_slli_epi32(_mm256_madd_epi16(bsums, scales), 5);
    return _mm256_sub_epi32(sumi, correction);
}

float swl_dot_q6_K_q8_K(const void *vx, const void *vy, int blocks, int tiled) {
    const uint8_t *x = vx, *y = vy;
    __m256 acc = _mm256_setzero_ps();
    float total = 0;
    for (int b = 0; b < blocks; b++, x += 210, y += 292) {
        prefetch_weights(x);
        __m256i lanes = q6k_lanes(x, y);
        float dx = half_to_float(x + 208), dy;
        memcpy(&dy, y, 4);
        if (tiled) {
            total = __builtin_fmaf(dx * (float)hsum_i32(lanes), dy, total);
        } else {
            acc = _mm256_fmadd_ps(_mm256_cvtepi32_ps(lanes), _mm256_set1_ps(dy * dx), acc);
        }
    }
    return tiled ? total : hsum8(acc);
}

void swl_dot_q6_K_q8_K_columns(const void *vx, const void *vy, size_t columnBytes, int columns, int blocks, int tiled,
                               float *out, size_t outStride) {
    const __m256i m4 = _mm256_set1_epi8(0x0F), m2 = _mm256_set1_epi8(0x03);
    for (int c0 = 0; c0 < columns; c0 += K_QUANT_COLUMNS) {
        int width = columns - c0 < K_QUANT_COLUMNS ? columns - c0 : K_QUANT_COLUMNS;
        __m256 acc[K_QUANT_COLUMNS];
        float total[K_QUANT_COLUMNS];
        for (int k = 0; k < K_QUANT_COLUMNS; k++) acc[k] = _mm256_setzero_ps(), total[k] = 0;
        const uint8_t *x = vx;
        for (int b = 0; b < blocks; b++, x += 210) {
            prefetch_weights(x);
            // The block unpacked once for all columns, in q6k_lanes' order (i = 4·half + g).
            __m256i q[8], scale[8];
            for (int half = 0; half < 2; half++) {
                const uint8_t *ql = x + 64 * half, *qh = x + 128 + 32 * half;
                __m256i lowA = _mm256_loadu_si256((const __m256i *)ql);
                __m256i lowB = _mm256_loadu_si256((const __m256i *)(ql + 32));
                __m256i high = _mm256_loadu_si256((const __m256i *)qh);
                for (int g = 0; g < 4; g++) {
                    __m256i source = (g & 1) == 0 ? lowA : lowB;
                    __m256i nib = _mm256_and_si256(g < 2 ? source : _mm256_srli_epi16(source, 4), m4);
                    __m256i bits = _mm256_slli_epi16(
                        _mm256_and_si256(_mm256_srl_epi16(high, _mm_cvtsi32_si128(2 * g)), m2), 4);
                    q[4 * half + g] = _mm256_or_si256(nib, bits);
                    int sc = 8 * half + 2 * g;
                    scale[4 * half + g] = _mm256_setr_m128i(_mm_set1_epi16((int8_t)x[192 + sc]),
                                                            _mm_set1_epi16((int8_t)x[193 + sc]));
                }
            }
            __m256i scales16 = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i *)(x + 192)));
            float dx = half_to_float(x + 208);
            for (int k = 0; k < width; k++) {
                const uint8_t *y = (const uint8_t *)vy + (size_t)(c0 + k) * columnBytes + (size_t)b * 292;
                __m256i sumi = _mm256_setzero_si256();
                for (int i = 0; i < 8; i++) {
                    __m256i yq = _mm256_loadu_si256((const __m256i *)(y + 4 + 128 * (i / 4) + 32 * (i % 4)));
                    sumi = _mm256_add_epi32(sumi, _mm256_madd_epi16(_mm256_maddubs_epi16(q[i], yq), scale[i]));
                }
                __m256i bsums = _mm256_loadu_si256((const __m256i *)(y + 260));
                __m256i lanes = _mm256_sub_epi32(sumi, _mm256_slli_epi32(_mm256_madd_epi16(bsums, scales16), 5));
                float dy;
                memcpy(&dy, y, 4);
                if (tiled) {
                    total[k] = __builtin_fmaf(dx * (float)hsum_i32(lanes), dy, total[k]);
                } else {
                    acc[k] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(lanes), _mm256_set1_ps(dy * dx), acc[k]);
                }
            }
        }
        for (int k = 0; k < width; k++) out[(size_t)(c0 + k) * outStride] = tiled ? total[k] : hsum8(acc[k]);
    }
}

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

float swl_dot_q4_K_q8_K_repacked(const void *vx, const void *vy, int blocks, int per_pair) {
    const uint8_t *x = vx, *y = vy;
    const __m256i m4 = _mm256_set1_epi8(0x0F);
    float acc = 0, mins = 0;
    for (int b = 0; b < blocks; b++, x += 144, y += 292) {
        prefetch_weights(x);
        float dy;
        memcpy(&dy, y, 4);
        int16_t bsums[16];
        memcpy(bsums, y + 260, 32);
        int32_t pairs[4], min_pairs[4];
        for (int c = 0; c < 4; c++) {
            int32_t s0, m0, s1, m1;
            scale_min_k4(2 * c, x + 4, &s0, &m0);
            scale_min_k4(2 * c + 1, x + 4, &s1, &m1);
            __m256i v = _mm256_loadu_si256((const __m256i *)(x + 16 + 32 * c));
            __m256i low = _mm256_and_si256(v, m4), high = _mm256_and_si256(_mm256_srli_epi16(v, 4), m4);
            __m256i y0 = _mm256_loadu_si256((const __m256i *)(y + 4 + 64 * c));
            __m256i y1 = _mm256_loadu_si256((const __m256i *)(y + 4 + 64 * c + 32));
            __m256i l = _mm256_madd_epi16(_mm256_maddubs_epi16(low, y0), _mm256_set1_epi16((int16_t)s0));
            __m256i h = _mm256_madd_epi16(_mm256_maddubs_epi16(high, y1), _mm256_set1_epi16((int16_t)s1));
            pairs[c] = hsum_i32(_mm256_add_epi32(l, h));
            min_pairs[c] = m0 * ((int32_t)bsums[4 * c] + bsums[4 * c + 1]) + m1 * ((int32_t)bsums[4 * c + 2] + bsums[4 * c + 3]);
        }
        float d = half_to_float(x) * dy, dmin = half_to_float(x + 2) * dy;
        if (per_pair) {
            for (int c = 0; c < 4; c++) {
                acc = __builtin_fmaf((float)pairs[c], d, acc);
                mins = __builtin_fmaf((float)min_pairs[c], dmin, mins);
            }
        } else {
            acc = __builtin_fmaf((float)(pairs[0] + pairs[1] + pairs[2] + pairs[3]), d, acc);
            mins = __builtin_fmaf((float)(min_pairs[0] + min_pairs[1] + min_pairs[2] + min_pairs[3]), dmin, mins);
        }
    }
    return acc - mins;
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

void swl_dot_q4_K_q8_K_repacked_columns(const void *vx, const void *vy, size_t columnBytes, int columns, int blocks,
                                        int per_pair_below, float *out, size_t outStride) {
    const __m256i m4 = _mm256_set1_epi8(0x0F);
    for (int c0 = 0; c0 < columns; c0 += K_QUANT_COLUMNS) {
        int width = columns - c0 < K_QUANT_COLUMNS ? columns - c0 : K_QUANT_COLUMNS;
        // Lane k is column c0 + k throughout: its scalar chain (`acc = fma(pair, d, acc)` per 64-element pair, or
        // one fma of the block's total) runs in that lane, so each lane sees exactly the scalar kernel's operations.
        __m256 acc = _mm256_setzero_ps(), mins = _mm256_setzero_ps();
        int32_t pairs[K_QUANT_COLUMNS][4], min_pairs[K_QUANT_COLUMNS][4];
        float dys[K_QUANT_COLUMNS];
        memset(pairs, 0, sizeof pairs);
        memset(min_pairs, 0, sizeof min_pairs);
        memset(dys, 0, sizeof dys);
        int32_t per_pair_lane[K_QUANT_COLUMNS];
        for (int k = 0; k < K_QUANT_COLUMNS; k++) per_pair_lane[k] = c0 + k < per_pair_below ? -1 : 0;
        __m256 per_pair = _mm256_castsi256_ps(_mm256_loadu_si256((const __m256i *)per_pair_lane));
        int all_per_pair = c0 + width <= per_pair_below;
        // Fewer than 4 columns (decode): the scalar chains per column; the 8-lane version costs more than it saves.
        int scalar_tail = width < 4;
        float acc_s[K_QUANT_COLUMNS], mins_s[K_QUANT_COLUMNS];
        for (int k = 0; k < K_QUANT_COLUMNS; k++) acc_s[k] = 0, mins_s[k] = 0;
        const uint8_t *x = vx;
        for (int b = 0; b < blocks; b++, x += 144) {
            prefetch_weights(x);
            // The block unpacked once for all columns: nibbles, scales as 16-bit lanes, and per bsum the min that
            // multiplies it (`mins16[4g + i]` = m0 of group g for i < 2, m1 for i ≥ 2).
            __m256i low[4], high[4], scale0[4], scale1[4];
            int16_t mins16[16];
            for (int g = 0; g < 4; g++) {
                int32_t s0, m0, s1, m1;
                scale_min_k4(2 * g, x + 4, &s0, &m0);
                scale_min_k4(2 * g + 1, x + 4, &s1, &m1);
                scale0[g] = _mm256_set1_epi16((int16_t)s0);
                scale1[g] = _mm256_set1_epi16((int16_t)s1);
                mins16[4 * g] = mins16[4 * g + 1] = (int16_t)m0;
                mins16[4 * g + 2] = mins16[4 * g + 3] = (int16_t)m1;
                __m256i v = _mm256_loadu_si256((const __m256i *)(x + 16 + 32 * g));
                low[g] = _mm256_and_si256(v, m4);
                high[g] = _mm256_and_si256(_mm256_srli_epi16(v, 4), m4);
            }
            __m256i mins_v = _mm256_loadu_si256((const __m256i *)mins16);
            float dx = half_to_float(x), dminx = half_to_float(x + 2);
            for (int k = 0; k < width; k++) {
                const uint8_t *y = (const uint8_t *)vy + (size_t)(c0 + k) * columnBytes + (size_t)b * 292;
                memcpy(&dys[k], y, 4);
                __m256i t[4];
                for (int g = 0; g < 4; g++) {
                    __m256i y0 = _mm256_loadu_si256((const __m256i *)(y + 4 + 64 * g));
                    __m256i y1 = _mm256_loadu_si256((const __m256i *)(y + 4 + 64 * g + 32));
                    __m256i l = _mm256_madd_epi16(_mm256_maddubs_epi16(low[g], y0), scale0[g]);
                    __m256i h = _mm256_madd_epi16(_mm256_maddubs_epi16(high[g], y1), scale1[g]);
                    t[g] = _mm256_add_epi32(l, h);
                }
                // The four integer group totals at once (integer sums: any order gives the same value).
                __m256i h = _mm256_hadd_epi32(_mm256_hadd_epi32(t[0], t[1]), _mm256_hadd_epi32(t[2], t[3]));
                _mm_storeu_si128((__m128i *)pairs[k],
                                 _mm_add_epi32(_mm256_castsi256_si128(h), _mm256_extracti128_si256(h, 1)));
                // min_pairs[g] = m0·(bsum[4g] + bsum[4g+1]) + m1·(bsum[4g+2] + bsum[4g+3]), exact in 32 bits.
                __m256i mp = _mm256_madd_epi16(_mm256_loadu_si256((const __m256i *)(y + 260)), mins_v);
                _mm_storeu_si128((__m128i *)min_pairs[k],
                                 _mm_hadd_epi32(_mm256_castsi256_si128(mp), _mm256_extracti128_si256(mp, 1)));
                if (scalar_tail) {
                    float d = dx * dys[k], dmin = dminx * dys[k];
                    const int32_t *pk = pairs[k], *mk = min_pairs[k];
                    if (c0 + k < per_pair_below) {
                        for (int g = 0; g < 4; g++) {
                            acc_s[k] = __builtin_fmaf((float)pk[g], d, acc_s[k]);
                            mins_s[k] = __builtin_fmaf((float)mk[g], dmin, mins_s[k]);
                        }
                    } else {
                        acc_s[k] = __builtin_fmaf((float)(pk[0] + pk[1] + pk[2] + pk[3]), d, acc_s[k]);
                        mins_s[k] = __builtin_fmaf((float)(mk[0] + mk[1] + mk[2] + mk[3]), dmin, mins_s[k]);
                    }
                }
            }
            if (scalar_tail) continue;
            // d = dx·dy and dmin = dminx·dy per column (the scalar products, lane for lane).
            __m256 dy = _mm256_loadu_ps(dys);
            __m256 d = _mm256_mul_ps(_mm256_set1_ps(dx), dy);
            __m256 dmin = _mm256_mul_ps(_mm256_set1_ps(dminx), dy);
            __m256i p[4], m[4];
            transpose_8x4(pairs, p);
            transpose_8x4(min_pairs, m);
            __m256 acc_pairs = acc, mins_pairs = mins;
            for (int g = 0; g < 4; g++) {
                acc_pairs = _mm256_fmadd_ps(_mm256_cvtepi32_ps(p[g]), d, acc_pairs);
                mins_pairs = _mm256_fmadd_ps(_mm256_cvtepi32_ps(m[g]), dmin, mins_pairs);
            }
            if (all_per_pair) {
                acc = acc_pairs;
                mins = mins_pairs;
            } else {
                __m256i p_total = _mm256_add_epi32(_mm256_add_epi32(_mm256_add_epi32(p[0], p[1]), p[2]), p[3]);
                __m256i m_total = _mm256_add_epi32(_mm256_add_epi32(_mm256_add_epi32(m[0], m[1]), m[2]), m[3]);
                __m256 acc_total = _mm256_fmadd_ps(_mm256_cvtepi32_ps(p_total), d, acc);
                __m256 mins_total = _mm256_fmadd_ps(_mm256_cvtepi32_ps(m_total), dmin, mins);
                acc = _mm256_blendv_ps(acc_total, acc_pairs, per_pair);
                mins = _mm256_blendv_ps(mins_total, mins_pairs, per_pair);
            }
        }
        float result[K_QUANT_COLUMNS];
        _mm256_storeu_ps(result, _mm256_sub_ps(acc, mins));
        for (int k = 0; k < width; k++) {
            out[(size_t)(c0 + k) * outStride] = scalar_tail ? acc_s[k] - mins_s[k] : result[k];
        }
    }
}

/// Most blocks per row for which `swl_q4_1_q8_1_rows` transposes the columns' `s` values onto the stack.
#define Q4_1_MAX_BLOCKS 1024
/// Most activation columns that share one unpacked Q4_1 weight block (8 accumulators + 6 working registers of 16).
#define Q4_1_COLUMNS 8

/// Block `b`'s `s` of the (up to) 8 columns: from the transposed copy (`[blocks][8]`) or, for rows too long for it,
/// gathered from `[n][blocks]` (lanes past `n` zero).
static inline __m256 column_s(const float *as, int transposed, int n, int blocks, int b) {
    if (transposed) return _mm256_loadu_ps(as + Q4_1_COLUMNS * b);
    float s[Q4_1_COLUMNS];
    for (int c = 0; c < Q4_1_COLUMNS; c++) s[c] = c < n ? as[c * blocks + b] : 0;
    return _mm256_loadu_ps(s);
}

/// One Q4_1 row against `n` (1…8) Q8_1 columns; `ad` holds the columns' block scales widened to f32 (`[n][blocks]`)
/// and `as` their `s` values (see `column_s`), the same values as the blocks' f16 `d` and `s`.
static inline void q4_1_row(const uint8_t *x, const uint8_t *a, long column_bytes, const float *ad, const float *as,
                            int transposed, int n, int blocks, float *result) {
    __m256 acc[Q4_1_COLUMNS];
    for (int c = 0; c < Q4_1_COLUMNS; c++) acc[c] = _mm256_setzero_ps();
    __m256 mins = _mm256_setzero_ps();  // lane c: column c's Σ m·s, one fma per block as the scalar twin
    const __m256i ones = _mm256_set1_epi16(1);
    for (int b = 0; b < blocks; b++) {
        const uint8_t *block = x + 20 * b;
        prefetch_weights(block);
        // d and m in one zero-extending load (no merge into a live register, see block_d_m).
        __m128 dm = block_d_m(block);
        float m = _mm_cvtss_f32(_mm_movehdup_ps(dm));
        __m256 dv = opaque_ps(_mm256_broadcastss_ps(dm));
        __m256i q = nibbles32(block + 4);
        for (int c = 0; c < n; c++) {
            const uint8_t *y = a + c * column_bytes + 36 * b;
            __m256i yq = _mm256_loadu_si256((const __m256i *)(y + 4));
            __m256i lanes = _mm256_madd_epi16(_mm256_maddubs_epi16(q, yq), ones);
            // d·dy in every lane (the same product as the scalar one; the broadcast is a load, not a shuffle).
            __m256 scale = _mm256_mul_ps(dv, _mm256_broadcast_ss(ad + c * blocks + b));
            acc[c] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(lanes), scale, acc[c]);
        }
        mins = _mm256_fmadd_ps(_mm256_set1_ps(m), column_s(as, transposed, n, blocks, b), mins);
    }
    float m8[Q4_1_COLUMNS];
    _mm256_storeu_ps(m8, mins);
    for (int c = 0; c < n; c++) result[c] = hsum8(acc[c]) + m8[c];
}

/// `q4_1_row` for one column (decode), with `as` the column's own `s` values (`[blocks]`, nothing transposed): the
/// min sum is one scalar fma per block, lane 0 of `q4_1_row`'s vector one.
__attribute__((noinline)) static void q4_1_row1(const uint8_t *x, const uint8_t *y, const float *ad, const float *as, int blocks,
                      float *result) {
    __m256 acc = _mm256_setzero_ps();
    float mins = 0;
    const __m256i ones = _mm256_set1_epi16(1);
    for (int b = 0; b < blocks; b++) {
        const uint8_t *block = x + 20 * b;
        prefetch_weights(block);
        __m128 dm = block_d_m(block);
        __m256 dv = opaque_ps(_mm256_broadcastss_ps(dm));
        __m256i lanes = _mm256_madd_epi16(
            _mm256_maddubs_epi16(nibbles32(block + 4), _mm256_loadu_si256((const __m256i *)(y + 36 * b + 4))), ones);
        acc = _mm256_fmadd_ps(_mm256_cvtepi32_ps(lanes), _mm256_mul_ps(dv, _mm256_broadcast_ss(ad + b)), acc);
        mins = __builtin_fmaf(_mm_cvtss_f32(_mm_movehdup_ps(dm)), as[b], mins);
    }
    result[0] = hsum8(acc) + mins;
}

void swl_q4_1_q8_1_rows(const void *w, long row_bytes, int row_start, int row_end, const void *a, long column_bytes,
                        const float *a_d, const float *a_s, int columns, int blocks, float *out, long out_stride) {
    float as8[Q4_1_COLUMNS * Q4_1_MAX_BLOCKS];
    for (int c0 = 0; c0 < columns; c0 += Q4_1_COLUMNS) {
        int n = columns - c0 < Q4_1_COLUMNS ? columns - c0 : Q4_1_COLUMNS;
        const uint8_t *ac = (const uint8_t *)a + c0 * column_bytes;
        const float *dc = a_d + (long)c0 * blocks, *sc = a_s + (long)c0 * blocks;
        // The columns' s values transposed once for all rows (rows of more than 32768 elements gather them; a lone
        // column reads its own).
        int transposed = n > 1 && blocks <= Q4_1_MAX_BLOCKS;
        const float *as = transposed ? as8 : sc;
        for (int b = 0; transposed && b < blocks; b++) {
            for (int c = 0; c < Q4_1_COLUMNS; c++) as8[Q4_1_COLUMNS * b + c] = c < n ? sc[(long)c * blocks + b] : 0;
        }
        for (int r = row_start; r < row_end; r++) {
            float result[Q4_1_COLUMNS];
            const uint8_t *x = (const uint8_t *)w + r * row_bytes;
            switch (n) {  // constant n per call, so each loop is unrolled for its width
            case 1: q4_1_row1(x, ac, dc, sc, blocks, result); break;
            case 2: q4_1_row(x, ac, column_bytes, dc, as, transposed, 2, blocks, result); break;
            case 3: q4_1_row(x, ac, column_bytes, dc, as, transposed, 3, blocks, result); break;
            case 4: q4_1_row(x, ac, column_bytes, dc, as, transposed, 4, blocks, result); break;
            case 5: q4_1_row(x, ac, column_bytes, dc, as, transposed, 5, blocks, result); break;
            case 6: q4_1_row(x, ac, column_bytes, dc, as, transposed, 6, blocks, result); break;
            case 7: q4_1_row(x, ac, column_bytes, dc, as, transposed, 7, blocks, result); break;
            default: q4_1_row(x, ac, column_bytes, dc, as, transposed, 8, blocks, result); break;
            }
            for (int c = 0; c < n; c++) out[(c0 + c) * out_stride + r] = result[c];
        }
    }
}

/// One Q8_0 row against `n` (1…4) Q8_0 columns; `ad` holds the columns' block scales widened to f32 (`[n][blocks]`).
/// Per block and column: the 8 lanes of 4-element integer sums (|w| · sign(y, w), ggml's trick for a signed product
/// through `maddubs`), then `acc = fma(lanes, dx·dy, acc)`; the result is `hsum8(acc)` — lane for lane what
/// `BlockQ8_0.dot` computes with Int16 products.
static inline void q8_0_row(const uint8_t *x, const uint8_t *a, long column_bytes, const float *ad, int n, int blocks,
                            float *result) {
    __m256 acc[4] = {_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps()};
    const __m256i ones = _mm256_set1_epi16(1);
    for (int b = 0; b < blocks; b++) {
        const uint8_t *block = x + 34 * b;
        prefetch_weights(block);
        __m256 dv = block_d_splat(block);
        __m256i q = _mm256_loadu_si256((const __m256i *)(block + 2));
        __m256i magnitude = _mm256_sign_epi8(q, q);
        for (int c = 0; c < n; c++) {
            const uint8_t *y = a + c * column_bytes + 34 * b;
            __m256i yq = _mm256_sign_epi8(_mm256_loadu_si256((const __m256i *)(y + 2)), q);
            __m256i lanes = _mm256_madd_epi16(_mm256_maddubs_epi16(magnitude, yq), ones);
            __m256 scale = _mm256_mul_ps(dv, _mm256_broadcast_ss(ad + c * blocks + b));
            acc[c] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(lanes), scale, acc[c]);
        }
    }
    for (int c = 0; c < n; c++) result[c] = hsum8(acc[c]);
}

void swl_q8_0_q8_0_rows(const void *w, long row_bytes, int row_start, int row_end, const void *a, long column_bytes,
                        const float *a_d, int columns, int blocks, float *out, long out_stride) {
    for (int c0 = 0; c0 < columns; c0 += 4) {
        int n = columns - c0 < 4 ? columns - c0 : 4;
        const uint8_t *ac = (const uint8_t *)a + c0 * column_bytes;
        const float *dc = a_d + (long)c0 * blocks;
        for (int r = row_start; r < row_end; r++) {
            float result[4];
            const uint8_t *x = (const uint8_t *)w + r * row_bytes;
            switch (n) {  // constant n per call, so each loop is unrolled for its width
            case 1: q8_0_row(x, ac, column_bytes, dc, 1, blocks, result); break;
            case 2: q8_0_row(x, ac, column_bytes, dc, 2, blocks, result); break;
            case 3: q8_0_row(x, ac, column_bytes, dc, 3, blocks, result); break;
            default: q8_0_row(x, ac, column_bytes, dc, 4, blocks, result); break;
            }
            for (int c = 0; c < n; c++) out[(c0 + c) * out_stride + r] = result[c];
        }
    }
}
