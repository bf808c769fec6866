// The int_dots.h kernels on plain AVX2: the 4-element sums as `maddubs` (u8·s8 pairs to Int16) then `madd` with
// ones (Int16 pairs to Int32), ggml's `mul_sum_us8_pairs_float` without VNNI.
#if defined(__x86_64__)  // x86 intrinsics: elsewhere this file compiles to nothing
#include "simd.h"

#define SWL_VARIANT(name) name##_avx2

static inline __m256i lanes_u8s8(__m256i u, __m256i s) {
    return _mm256_madd_epi16(_mm256_maddubs_epi16(u, s), _mm256_set1_epi16(1));
}

#include "int_dots.h"

#endif
