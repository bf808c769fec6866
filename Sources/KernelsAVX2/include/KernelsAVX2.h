// AVX2 row dot products whose lane arithmetic must match llama.cpp's CPU kernels bit for bit.
//
// Why C: Swift SIMD could not express these well. LLVM turned the Swift versions' nibble and fifth-bit unpacking
// into lane inserts, `vpmulld` and permutes (measured on the Gemma Q5_0 loop: ~3 GMAC/s), and Swift has no
// `pshufb`/`maddubs`. The Swift twins in Transformer/Blocks/GGMLExactMatMul.swift stay as the reference and the
// tests compare both on random blocks.
#ifndef SWIFTLET_KERNELS_AVX2_H
#define SWIFTLET_KERNELS_AVX2_H

/// Whether this CPU has AVX2, FMA and F16C (the instructions these kernels need).
int swl_cpu_has_avx2_fma_f16c(void);

/// Q5_0 row (`blocks` × 22 bytes) · Q8_0 activations (`blocks` × 34 bytes), as `ggml_vec_dot_q5_0_q8_0` (AVX2).
float swl_dot_q5_0_q8_0(const void *x, const void *y, int blocks);

/// Q6_K row (`blocks` × 210 bytes) · Q8_K activations (`blocks` × 292 bytes). `tiled` = 0: per-lane accumulation as
/// `ggml_vec_dot_q6_K_q8_K` (AVX2); 1: one integer total per block, as llama.cpp's tiled kernel.
float swl_dot_q6_K_q8_K(const void *x, const void *y, int blocks, int tiled);

/// Q4_K row (`blocks` × 144 bytes) · Q8_K activations as llama.cpp's repacked `q4_K_8x8` kernels: `per_pair` = 1
/// scales every 64 elements (its GEMM), 0 every 256 (its GEMV).
float swl_dot_q4_K_q8_K_repacked(const void *x, const void *y, int blocks, int per_pair);

#endif
