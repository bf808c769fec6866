// The int_dots.h kernels with AVX-VNNI (VEX `vpdpbusd`): one instruction for the 4-element sums where AVX2 needs
// `maddubs` + `madd`, the same integers (see int_dots.h), so the same bits. ggml uses the same instruction here when
// built for a VNNI CPU. Only these functions are compiled for AVX-VNNI; isa.c calls them only on a CPU that has it.
#if defined(__x86_64__)  // x86 intrinsics: elsewhere this file compiles to nothing
#include "simd.h"

#pragma clang attribute push(__attribute__((target("avx2,fma,f16c,avxvnni"))), apply_to = function)

#define SWL_VARIANT(name) name##_avxvnni

static inline __m256i lanes_u8s8(__m256i u, __m256i s) {
    return _mm256_dpbusd_avx_epi32(_mm256_setzero_si256(), u, s);
}

#include "int_dots.h"

#pragma clang attribute pop

#endif
