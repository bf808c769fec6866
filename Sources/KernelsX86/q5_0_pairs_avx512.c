// Q5_0 weight rows against Q8_0 activation columns taken two at a time in one 512-bit register (AVX-512 F/BW/VL +
// VNNI). Each column keeps exactly the lanes and operations of `swl_dot_q5_0_q8_0` (ggml's AVX2 kernel): per block,
// 8 Int32 lanes of 4-element sums of (q5 − 16)·q8, `acc = fma(dx·dy, lane, acc)`, then `hsum_float_8`. Lanes 0–7 are
// the first column's, 8–15 the second's, so one `vpdpbusd`, one convert, one multiply and one fma serve both, and
// the weight block is unpacked once into both halves: its nibbles from one broadcast load, its fifth bits straight
// into a mask register; the dot runs on the unsigned q5 from a precomputed −16·Σy, no sign trick per column. On Intel cores 512-bit operations issue on
// ports 0 and 5, where 256-bit ones (all of the 256-bit kernel's) share ports 0 and 1: that kernel was bound by them.
//
// Only this file is compiled for AVX-512; isa.c calls it only on a CPU that has those instructions.
#if defined(__x86_64__)  // x86 intrinsics: elsewhere this file compiles to nothing
#include "simd.h"

#pragma clang attribute push(__attribute__((target("avx2,fma,f16c,avx512f,avx512bw,avx512vl,avx512vnni"))), \
                             apply_to = function)

#include "simd512.h"

void swl_q8_0_pairs(const void *a, size_t columnBytes, const float *yd, int columns, int blocks, void *ys,
                    float *ds, int32_t *corr) {
    const uint8_t *y = a;
    for (int p = 0; p < (columns + 1) / 2; p++) {
        for (int b = 0; b < blocks; b++) {
            uint8_t *o = (uint8_t *)ys + ((size_t)p * blocks + b) * 64;
            float *d = ds + ((size_t)p * blocks + b) * 16;
            for (int h = 0; h < 2; h++) {
                int c = 2 * p + h;
                int present = c < columns;
                __m256i q = present ? _mm256_loadu_si256((const __m256i *)(y + (size_t)c * columnBytes + (size_t)b * 34 + 2))
                                    : _mm256_setzero_si256();
                _mm256_storeu_si256((__m256i *)(o + 32 * h), q);
                _mm256_storeu_si256((__m256i *)(corr + ((size_t)p * blocks + b) * 16 + 8 * h), offset_correction(q, 4));
                float dy = present ? yd[(size_t)c * blocks + b] : 0;
                for (int k = 0; k < 8; k++) d[8 * h + k] = dy;
            }
        }
    }
}

/// Most column pairs that share one unpacked weight block (16 columns; 8 of the 32 zmm registers accumulate).
#define Q5_0_PAIRS 8

/// One Q5_0 row against `n` (1…8, a constant after inlining) column pairs; `acc_out[p]` gets pair p's accumulator.
static inline void q5_0_pairs(const uint8_t *x, const uint8_t *ys, const float *ds, const int32_t *corr, int n,
                              int blocks, __m512 acc_out[Q5_0_PAIRS]) {
    __m512 acc[Q5_0_PAIRS];
    for (int p = 0; p < Q5_0_PAIRS; p++) acc[p] = _mm512_setzero_ps();
    const size_t pairStride = (size_t)blocks * 64;
    const size_t scaleStride = (size_t)blocks * 16;
    for (int b = 0; b < blocks; b++) {
        const uint8_t *xb = x + 22 * b;
        prefetch_weights(xb);
        uint32_t qh;
        memcpy(&qh, xb + 2, 4);
        // The unsigned q5 (nibble + 16 where the fifth bit is set; element j's bit at bytes j and 32 + j): its dot
        // with y started from −16·Σy (`corr`) gives Σ (q5 − 16)·y, the integers of ggml's sign trick.
        __mmask64 fifth = _cvtu64_mask64((uint64_t)qh | (uint64_t)qh << 32);
        __m512i nib = pair_nibbles(xb + 6);
        __m512i q5 = _mm512_mask_add_epi8(nib, fifth, nib, _mm512_set1_epi8(16));
        __m512 dx = _mm512_broadcastss_ps(block_d_m(xb));
        const uint8_t *yb = ys + (size_t)b * 64;
        const float *db = ds + (size_t)b * 16;
        const int32_t *cb = corr + (size_t)b * 16;
        for (int p = 0; p < n; p++) {
            __m512i yq = _mm512_loadu_si512((const void *)(yb + p * pairStride));
            __m512i start = _mm512_loadu_si512((const void *)(cb + p * scaleStride));
            __m512i lanes = _mm512_dpbusd_epi32(start, q5, yq);
            __m512 scale = _mm512_mul_ps(dx, _mm512_loadu_ps(db + p * scaleStride));
            acc[p] = _mm512_fmadd_ps(_mm512_cvtepi32_ps(lanes), scale, acc[p]);
        }
    }
    for (int p = 0; p < n; p++) acc_out[p] = acc[p];
}

void swl_q5_0_q8_0_pairs_rows(const void *w, long row_bytes, int row_start, int row_end, const void *ys,
                              const float *ds, const int32_t *corr, int columns, int blocks, float *out,
                              long out_stride) {
    int pairs = (columns + 1) / 2;
    for (int p0 = 0; p0 < pairs; p0 += Q5_0_PAIRS) {
        int n = pairs - p0 < Q5_0_PAIRS ? pairs - p0 : Q5_0_PAIRS;
        const uint8_t *yp = (const uint8_t *)ys + (size_t)p0 * blocks * 64;
        const float *dp = ds + (size_t)p0 * blocks * 16;
        const int32_t *cp = corr + (size_t)p0 * blocks * 16;
        // The pass's 16 columns stay in L1 while the rows pass.
        for (int r = row_start; r < row_end; r++) {
            const uint8_t *x = (const uint8_t *)w + (size_t)r * row_bytes;
            __m512 acc[Q5_0_PAIRS];
#define PASS(k) q5_0_pairs(x, yp, dp, cp, k, blocks, acc)
            SWL_WITH_CONSTANT_PAIRS(n, PASS)
#undef PASS
            for (int p = 0; p < n; p++) {
                int c = 2 * (p0 + p);
                float first, second;
                pair_hsum8(acc[p], &first, &second);
                out[(size_t)c * out_stride + r] = first;
                if (c + 1 < columns) out[(size_t)(c + 1) * out_stride + r] = second;
            }
        }
    }
}

#pragma clang attribute pop

#endif
