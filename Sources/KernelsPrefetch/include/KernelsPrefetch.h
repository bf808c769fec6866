// The cache-line prefetch the weight kernels and attention issue, for every architecture: `__builtin_prefetch` is a
// clang builtin on x86-64 (`prefetcht0`) and arm64 (`prfm pldl1keep`) alike, and Swift has no way to emit it. Its own
// target, compiled without any CPU flag, so that the portable build (no KernelsX86) keeps the prefetch that decode's
// speed was measured with; KernelsX86's C kernels include it too, so both read one distance.
#ifndef SWIFTLET_KERNELS_PREFETCH_H
#define SWIFTLET_KERNELS_PREFETCH_H

/// How far ahead of what they read the weight kernels and attention prefetch, in bytes. Decode reads weights and the
/// KV cache once, straight from DRAM, and the hardware prefetcher alone left bandwidth unused (Gemma 3 tg128
/// 46.6 -> 65.4 t/s at 2 KiB, measured alternating; 1 KiB was slower). 4 KiB since the AVX-512 kernels: they take
/// less time per byte, so 2 KiB ahead was no longer ahead of DRAM latency (the Q8_0 head's samples sat on its first
/// load of each block; Gemma tg128 77/82 -> 83/87, 4 sequences 200/195 -> 208/211; SmolLM2 unchanged; 8 KiB no better).
#define SWL_PREFETCH_BYTES 4096

/// Asks the CPU to bring the cache line at `p` into L1 (a hint: never faults, any address).
static inline void swl_prefetch(const void *p) { __builtin_prefetch(p, 0, 3); }

#endif
