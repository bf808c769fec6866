// Heap-allocation counters for measuring allocation-free code paths.
//
// Built only as the shared library libSwiftletAllocCounter.so and loaded with LD_PRELOAD into a process whose
// allocations are to be counted (`LD_PRELOAD=.build/release/libSwiftletAllocCounter.so swiftlet bench
// --count-allocs …`). It is never linked into the production binary: the binary finds these functions at run time
// with dlsym and reports that counting is unavailable when they are absent.
#ifndef SWIFTLET_ALLOC_COUNTER_H
#define SWIFTLET_ALLOC_COUNTER_H

#include <stdint.h>

/// Calls that obtained memory so far, on every thread: malloc, calloc, realloc, reallocarray, posix_memalign,
/// aligned_alloc, memalign, valloc, pvalloc.
uint64_t swiftlet_alloc_count(void);
/// Calls of free with a non-null pointer so far, on every thread.
uint64_t swiftlet_free_count(void);
/// Bytes requested by the calls counted in swiftlet_alloc_count.
uint64_t swiftlet_alloc_bytes(void);

#endif
