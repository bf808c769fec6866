// See include/KernelsX86.h. Block layouts: Kernels/Formats. Every float operation is written out (explicit
// fma, fixed summation order) so that the compiler cannot reassociate or contract it (built with
// -ffp-contract=off).
#if defined(__x86_64__)  // x86 intrinsics: elsewhere this file compiles to nothing
#include "simd.h"

int swl_cpu_has_avx2_fma_f16c(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c");
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
                int16_t s0, s1;
                q4_k_group_scales(x, g, &s0, &s1, mins16);
                scale0[g] = _mm256_set1_epi16(s0);
                scale1[g] = _mm256_set1_epi16(s1);
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
            q4_k_tail8((const int32_t (*)[4])pairs, (const int32_t (*)[4])min_pairs, dys, dx, dminx, per_pair,
                       all_per_pair, &acc, &mins);
        }
        float result[K_QUANT_COLUMNS];
        _mm256_storeu_ps(result, _mm256_sub_ps(acc, mins));
        for (int k = 0; k < width; k++) {
            out[(size_t)(c0 + k) * outStride] = scalar_tail ? acc_s[k] - mins_s[k] : result[k];
        }
    }
}

#endif
