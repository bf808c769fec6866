// Vectorised expf, bit-identical to glibc's (2.27+, the build it selects on CPUs with FMA). llama.cpp's CPU flash
// attention calls `expf` once per key and head for its online softmax, so our attention must produce exactly those
// values; calling libm per key costs ~10% of a SmolLM2 prefill. This file runs the same algorithm four lanes at a
// time in f64: k = round(x·32/ln2) by adding 1.5·2^52, r = x·32/ln2 − k (with the two FMAs the FMA build of glibc
// uses), 2^(k/32) from a 32-entry table with k's high bits added to the exponent, and a cubic in r evaluated with
// the same three FMAs; one rounding to f32 at the end. Lanes outside the core's range (|x| ≥ 88, ±inf, NaN) call
// `expf` itself, so overflow, underflow and errno behave as libm does. KernelsTests/VectorExpfTests compares
// every lane with `expf` over a sweep of all f32 bit patterns.
#if defined(__x86_64__)  // x86 intrinsics: elsewhere this file compiles to nothing
#include "KernelsX86.h"

#include <immintrin.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

/// f64 bit patterns of 2^(i/32), each minus `i << 47` (so that adding `k << 47` for k ≡ i mod 32 puts k/32's integer
/// part into the exponent). Computed with 60-digit decimal arithmetic and rounded to nearest.
static const int64_t expf_table[32] = {
    0x3ff0000000000000, 0x3fefd9b0d3158574, 0x3fefb5586cf9890f, 0x3fef9301d0125b51,
    0x3fef72b83c7d517b, 0x3fef54873168b9aa, 0x3fef387a6e756238, 0x3fef1e9df51fdee1,
    0x3fef06fe0a31b715, 0x3feef1a7373aa9cb, 0x3feedea64c123422, 0x3feece086061892d,
    0x3feebfdad5362a27, 0x3feeb42b569d4f82, 0x3feeab07dd485429, 0x3feea47eb03a5585,
    0x3feea09e667f3bcd, 0x3fee9f75e8ec5f74, 0x3feea11473eb0187, 0x3feea589994cce13,
    0x3feeace5422aa0db, 0x3feeb737b0cdc5e5, 0x3feec49182a3f090, 0x3feed503b23e255d,
    0x3feee89f995ad3ad, 0x3feeff76f2fb5e47, 0x3fef199bdd85529c, 0x3fef3720dcef9069,
    0x3fef5818dcfba487, 0x3fef7c97337b9b5f, 0x3fefa4afa2a490da, 0x3fefd0765b6e4540,
};

/// Four lanes of the core (valid for |x| < 88).
static inline __m128 expf4_core(__m128 x) {
    const __m256d inv_ln2_n = _mm256_set1_pd(0x1.71547652b82fep+5);  // 32/ln 2
    const __m256d shift = _mm256_set1_pd(0x1.8p+52);
    __m256d xd = _mm256_cvtps_pd(x);
    __m256d kd = _mm256_fmadd_pd(xd, inv_ln2_n, shift);
    __m256i ki = _mm256_castpd_si256(kd);
    kd = _mm256_sub_pd(kd, shift);
    __m256d r = _mm256_fmsub_pd(inv_ln2_n, xd, kd);
    __m256i t = _mm256_i64gather_epi64((const long long *)expf_table, _mm256_and_si256(ki, _mm256_set1_epi64x(31)), 8);
    __m256d s = _mm256_castsi256_pd(_mm256_add_epi64(t, _mm256_slli_epi64(ki, 47)));
    // 2^(r/32) ≈ C0·r³ + C1·r² + C2·r + 1 = (C0·r + C1)·r² + (C2·r + 1).
    __m256d z = _mm256_fmadd_pd(r, _mm256_set1_pd(0x1.c6af84b912394p-20), _mm256_set1_pd(0x1.ebfce50fac4f3p-13));
    __m256d r2 = _mm256_mul_pd(r, r);
    __m256d y = _mm256_fmadd_pd(r, _mm256_set1_pd(0x1.62e42ff0c52d6p-6), _mm256_set1_pd(1.0));
    y = _mm256_fmadd_pd(z, r2, y);
    return _mm256_cvtpd_ps(_mm256_mul_pd(y, s));
}

/// Eight values from `x` to `y` (which may not alias `x`).
static inline void expf8(const float *x, float *y) {
    __m256 v = _mm256_loadu_ps(x);
    _mm256_storeu_ps(y, _mm256_set_m128(expf4_core(_mm256_extractf128_ps(v, 1)), expf4_core(_mm256_castps256_ps128(v))));
    // glibc's range test: `top12(x) & 0x7ff ≥ top12(88.0f)`.
    __m256i top = _mm256_and_si256(_mm256_srli_epi32(_mm256_castps_si256(v), 20), _mm256_set1_epi32(0x7ff));
    int special = _mm256_movemask_ps(_mm256_castsi256_ps(_mm256_cmpgt_epi32(top, _mm256_set1_epi32(0x42a))));
    while (special) {
        int lane = __builtin_ctz((unsigned)special);
        y[lane] = expf(x[lane]);
        special &= special - 1;
    }
}

void swl_expf(const float *x, float *y, int n) {
    int i = 0;
    for (; i + 8 <= n; i += 8) expf8(x + i, y + i);
    if (i < n) {
        float in[8] = {0, 0, 0, 0, 0, 0, 0, 0}, out[8];
        memcpy(in, x + i, sizeof(float) * (size_t)(n - i));
        expf8(in, out);
        memcpy(y + i, out, sizeof(float) * (size_t)(n - i));
    }
}

#endif
