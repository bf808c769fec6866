// Wraps glibc's allocator entry points with relaxed atomic counters and forwards to glibc's own implementations
// (__libc_malloc and friends), which are exported for exactly this kind of interposition. See AllocCounter.h.
#define _GNU_SOURCE
#include "AllocCounter.h"

#include <errno.h>
#include <stdatomic.h>
#include <stddef.h>
#include <unistd.h>

#if defined(__linux__) && defined(__GLIBC__)

extern void *__libc_malloc(size_t size);
extern void *__libc_calloc(size_t count, size_t size);
extern void *__libc_realloc(void *pointer, size_t size);
extern void __libc_free(void *pointer);
extern void *__libc_memalign(size_t alignment, size_t size);

static _Atomic uint64_t allocations;
static _Atomic uint64_t releases;
static _Atomic uint64_t requestedBytes;

static inline void count(size_t size) {
    atomic_fetch_add_explicit(&allocations, 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&requestedBytes, size, memory_order_relaxed);
}

uint64_t swiftlet_alloc_count(void) { return atomic_load_explicit(&allocations, memory_order_relaxed); }
uint64_t swiftlet_free_count(void) { return atomic_load_explicit(&releases, memory_order_relaxed); }
uint64_t swiftlet_alloc_bytes(void) { return atomic_load_explicit(&requestedBytes, memory_order_relaxed); }

void *malloc(size_t size) {
    count(size);
    return __libc_malloc(size);
}

void *calloc(size_t n, size_t size) {
    count(n * size);
    return __libc_calloc(n, size);
}

void *realloc(void *pointer, size_t size) {
    count(size);
    return __libc_realloc(pointer, size);
}

void *reallocarray(void *pointer, size_t n, size_t size) {
    size_t total;
    if (__builtin_mul_overflow(n, size, &total)) {
        errno = ENOMEM;
        return NULL;
    }
    count(total);
    return __libc_realloc(pointer, total);
}

void free(void *pointer) {
    if (pointer) atomic_fetch_add_explicit(&releases, 1, memory_order_relaxed);
    __libc_free(pointer);
}

void *memalign(size_t alignment, size_t size) {
    count(size);
    return __libc_memalign(alignment, size);
}

void *aligned_alloc(size_t alignment, size_t size) {
    count(size);
    return __libc_memalign(alignment, size);
}

int posix_memalign(void **out, size_t alignment, size_t size) {
    if (alignment < sizeof(void *) || (alignment & (alignment - 1)) != 0) return EINVAL;
    count(size);
    void *p = __libc_memalign(alignment, size);
    if (p == NULL && size != 0) return ENOMEM;
    *out = p;
    return 0;
}

void *valloc(size_t size) {
    count(size);
    return __libc_memalign((size_t)sysconf(_SC_PAGESIZE), size);
}

void *pvalloc(size_t size) {
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t rounded = (size + page - 1) & ~(page - 1);
    count(rounded);
    return __libc_memalign(page, rounded);
}

#else

// Not glibc: nothing is interposed; the counters stay at zero and callers must not rely on them.
uint64_t swiftlet_alloc_count(void) { return 0; }
uint64_t swiftlet_free_count(void) { return 0; }
uint64_t swiftlet_alloc_bytes(void) { return 0; }

#endif
