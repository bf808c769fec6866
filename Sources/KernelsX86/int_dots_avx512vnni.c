// The int_dots.h kernels with AVX-512 VNNI on 256-bit registers (EVEX `vpdpbusd`), for CPUs that have AVX-512 VNNI
// but maybe not AVX-VNNI (Ice Lake, Zen 4): as int_dots_avxvnni.c otherwise. Only these functions are compiled for
// AVX-512; isa.c calls them only on a CPU that has it.
#if defined(__x86_64__)  // x86 intrinsics: elsewhere this file compiles to nothing
#include "simd.h"

#pragma clang attribute push(__attribute__((target("avx2,fma,f16c,avx512f,avx512bw,avx512vl,avx512vnni"))), apply_to = function)

#define SWL_VARIANT(name) name##_avx512vnni

static inline __m256i lanes_u8s8(__m256i u, __m256i s) {
    return _mm256_dpbusd_epi32(_mm256_setzero_si256(), u, s);
}

#include "int_dots.h"

#pragma clang attribute pop

#endif
