// See CPUCheck.h. Reads CPUID leaves 1, 7 and 0x80000001 and XCR0 (the OS must save the YMM registers for AVX).
#include "CPUCheck.h"

#include <stdlib.h>
#include <string.h>

// SWIFTLET_NO_CPU_REQUIREMENT: the portable build (Package.swift), whose code needs no extension.
#if defined(__x86_64__) && !defined(SWIFTLET_NO_CPU_REQUIREMENT)
#include <cpuid.h>

static void append(char *buffer, size_t capacity, int *missing, const char *name) {
    if (capacity > 0) {
        size_t used = strlen(buffer);
        const char *separator = *missing > 0 ? ", " : "";
        size_t need = strlen(separator) + strlen(name);
        if (used + need < capacity) {
            strcat(buffer, separator);
            strcat(buffer, name);
        }
    }
    *missing += 1;
}

static unsigned long long readXCR0(void) {
    unsigned int eax, edx;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return ((unsigned long long)edx << 32) | eax;
}

int swiftlet_missing_cpu_features(char *buffer, size_t capacity) {
    if (capacity > 0) buffer[0] = 0;
    int missing = 0;
    unsigned int a = 0, b = 0, c = 0, d = 0;
    unsigned int c1 = 0, b7 = 0, c81 = 0;
    unsigned int maxLeaf = __get_cpuid_max(0, NULL);
    if (maxLeaf >= 1 && __get_cpuid(1, &a, &b, &c, &d)) c1 = c;
    if (maxLeaf >= 7) {
        __cpuid_count(7, 0, a, b, c, d);
        b7 = b;
    }
    if (__get_cpuid_max(0x80000000, NULL) >= 0x80000001 && __get_cpuid(0x80000001, &a, &b, &c, &d)) c81 = c;
    int osAVX = (c1 & (1u << 27)) && (c1 & (1u << 28)) && (readXCR0() & 0x6) == 0x6;

    const char *pretend = getenv("SWIFTLET_CPU_CHECK_PRETEND_MISSING");
    struct { const char *name; int present; } features[] = {
        {"SSE4.2", (c1 >> 20) & 1},
        {"POPCNT", (c1 >> 23) & 1},
        {"MOVBE", (c1 >> 22) & 1},
        {"AVX", osAVX},
        {"AVX2", osAVX && ((b7 >> 5) & 1)},
        {"FMA", osAVX && ((c1 >> 12) & 1)},
        {"F16C", osAVX && ((c1 >> 29) & 1)},
        {"BMI1", (b7 >> 3) & 1},
        {"BMI2", (b7 >> 8) & 1},
        {"LZCNT", (c81 >> 5) & 1},
    };
    for (size_t i = 0; i < sizeof(features) / sizeof(features[0]); i++) {
        int present = features[i].present && !(pretend && strcmp(pretend, features[i].name) == 0);
        if (!present) append(buffer, capacity, &missing, features[i].name);
    }
    return missing;
}

#else

int swiftlet_missing_cpu_features(char *buffer, size_t capacity) {
    if (capacity > 0) buffer[0] = 0;
    return 0;
}

#endif
