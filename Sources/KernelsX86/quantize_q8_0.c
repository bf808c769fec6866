// Q8_0 and Q8_1 activation quantization (see include/KernelsX86.h), bit-identical to Kernels' Swift
// `quantizeBlock32` (the portable path) and `Reference.quantizeActivations`, and to llama.cpp's AVX2
// `quantize_row_q8_0/1`. The Swift version stores its 32 bytes one lane at a time: 3.8% of a SmolLM2 prefill on the
// AVX2 kernels (`perf`), for the Q4_1 and Q8_0 matmuls' activations; here they are packed with `packs` and one permute.
#if defined(__x86_64__)  // x86 intrinsics: elsewhere this file compiles to nothing
#include "KernelsX86.h"

#include <immintrin.h>
#include <stdint.h>
#include <string.h>

static inline void store_half(uint8_t *p, float x) {
    uint16_t h = (uint16_t)_cvtss_sh(x, _MM_FROUND_TO_NEAREST_INT);
    memcpy(p, &h, 2);
}

void swl_quantize_q8_0_1(const float *x, void *out, int blocks, int with_sum) {
    const __m256 magnitude = _mm256_castsi256_ps(_mm256_set1_epi32(0x7FFFFFFF));
    const int block_bytes = with_sum ? 36 : 34, q_offset = with_sum ? 4 : 2;
    for (int b = 0; b < blocks; b++) {
        const float *v = x + 32 * b;
        uint8_t *block = (uint8_t *)out + (size_t)block_bytes * b;
        __m256 v0 = _mm256_loadu_ps(v), v1 = _mm256_loadu_ps(v + 8);
        __m256 v2 = _mm256_loadu_ps(v + 16), v3 = _mm256_loadu_ps(v + 24);
        __m256 m = _mm256_max_ps(_mm256_max_ps(_mm256_and_ps(v0, magnitude), _mm256_and_ps(v1, magnitude)),
                                 _mm256_max_ps(_mm256_and_ps(v2, magnitude), _mm256_and_ps(v3, magnitude)));
        __m128 m4 = _mm_max_ps(_mm256_castps256_ps128(m), _mm256_extractf128_ps(m, 1));
        m4 = _mm_max_ps(m4, _mm_movehl_ps(m4, m4));
        m4 = _mm_max_ss(m4, _mm_movehdup_ps(m4));
        const float amax = _mm_cvtss_f32(m4);
        const float d = amax / 127.0f;
        const __m256 id = _mm256_set1_ps(amax != 0.0f ? 127.0f / amax : 0.0f);
        // A separate multiply, then round half to even (the default rounding mode of cvtps2dq).
        __m256i q0 = _mm256_cvtps_epi32(_mm256_mul_ps(v0, id)), q1 = _mm256_cvtps_epi32(_mm256_mul_ps(v1, id));
        __m256i q2 = _mm256_cvtps_epi32(_mm256_mul_ps(v2, id)), q3 = _mm256_cvtps_epi32(_mm256_mul_ps(v3, id));
        store_half(block, d);
        if (with_sum) {
            __m256i s = _mm256_add_epi32(_mm256_add_epi32(q0, q1), _mm256_add_epi32(q2, q3));
            __m128i s4 = _mm_add_epi32(_mm256_castsi256_si128(s), _mm256_extracti128_si256(s, 1));
            s4 = _mm_add_epi32(s4, _mm_shuffle_epi32(s4, _MM_SHUFFLE(1, 0, 3, 2)));
            s4 = _mm_add_epi32(s4, _mm_shuffle_epi32(s4, _MM_SHUFFLE(2, 3, 0, 1)));
            store_half(block + 2, d * (float)_mm_cvtsi128_si32(s4));
        }
        // packs works within 128-bit lanes; the permute restores element order.
        __m256i bytes = _mm256_packs_epi16(_mm256_packs_epi32(q0, q1), _mm256_packs_epi32(q2, q3));
        bytes = _mm256_permutevar8x32_epi32(bytes, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
        _mm256_storeu_si256((__m256i *)(block + q_offset), bytes);
    }
}

#endif
