// Q8_K activation quantization (see include/KernelsX86.h), bit-identical to Kernels' scalar reference and to
// llama.cpp's `quantize_row_q8_K_ref`. The Swift SIMD version spent most of its time in per-byte stores and lane
// extractions (6.7% of a Gemma 3 prefill); here the bytes are packed with `packs` and one permute per 32 values.
#if defined(__x86_64__)  // x86 intrinsics: elsewhere this file compiles to nothing
#include "KernelsX86.h"

#include <immintrin.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

/// `min(127, round_half_even(x · s))` through the 1.5·2^23 trick (a separate multiply and add, as the reference).
static inline __m256i round_scaled(const float *x, __m256 s) {
    const __m256 magic = _mm256_set1_ps(12582912.0f);
    __m256 v = _mm256_add_ps(_mm256_mul_ps(_mm256_loadu_ps(x), s), magic);
    __m256i q = _mm256_sub_epi32(_mm256_castps_si256(v), _mm256_set1_epi32(0x4B400000));
    return _mm256_min_epi32(q, _mm256_set1_epi32(127));
}

static inline int32_t hsum_epi32(__m256i v) {
    __m128i s = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, _MM_SHUFFLE(1, 0, 3, 2)));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, _MM_SHUFFLE(2, 3, 0, 1)));
    return _mm_cvtsi128_si32(s);
}

void swl_quantize_q8_K(const float *x, void *out, int blocks) {
    const __m256 magnitude = _mm256_castsi256_ps(_mm256_set1_epi32(0x7FFFFFFF));
    for (int b = 0; b < blocks; b++) {
        const float *v = x + 256 * b;
        uint8_t *block = (uint8_t *)out + 292 * b;
        __m256 m = _mm256_setzero_ps();
        for (int i = 0; i < 256; i += 8) m = _mm256_max_ps(_mm256_and_ps(_mm256_loadu_ps(v + i), magnitude), m);
        __m128 m4 = _mm_max_ps(_mm256_castps256_ps128(m), _mm256_extractf128_ps(m, 1));
        m4 = _mm_max_ps(m4, _mm_movehl_ps(m4, m4));
        float amax = fmaxf(_mm_cvtss_f32(m4), _mm_cvtss_f32(_mm_movehdup_ps(m4)));
        if (amax == 0) {
            memset(block, 0, 292);
            continue;
        }
        // The signed value with the largest |x|: the first one, as the reference's strict `>` scan picks.
        float max = 0;
        for (int j = 0; j < 256; j++) {
            if (fabsf(v[j]) == amax) {
                max = v[j];
                break;
            }
        }
        float iscale = -127.0f / max;
        __m256 s = _mm256_set1_ps(iscale);
        int16_t bsums[16];
        for (int i = 0; i < 256; i += 32) {
            __m256i q0 = round_scaled(v + i, s), q1 = round_scaled(v + i + 8, s);
            __m256i q2 = round_scaled(v + i + 16, s), q3 = round_scaled(v + i + 24, s);
            bsums[i / 16] = (int16_t)hsum_epi32(_mm256_add_epi32(q0, q1));
            bsums[i / 16 + 1] = (int16_t)hsum_epi32(_mm256_add_epi32(q2, q3));
            // packs works within 128-bit lanes; the permute restores element order.
            __m256i bytes = _mm256_packs_epi16(_mm256_packs_epi32(q0, q1), _mm256_packs_epi32(q2, q3));
            bytes = _mm256_permutevar8x32_epi32(bytes, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
            _mm256_storeu_si256((__m256i *)(block + 4 + i), bytes);
        }
        float d = 1.0f / iscale;
        memcpy(block, &d, 4);
        memcpy(block + 260, bsums, 32);
    }
}

#endif
