// Start-up check that the CPU has the instructions the release build was compiled for (-target-cpu haswell).
//
// This target is compiled without any -march/-target-cpu flag, so the check itself runs on any x86-64 CPU.
#ifndef SWIFTLET_CPU_CHECK_H
#define SWIFTLET_CPU_CHECK_H

#include <stddef.h>

/// Writes the names of the required instruction-set extensions this CPU (or OS, for AVX state) lacks into `buffer`,
/// separated by ", " and NUL-terminated (truncated to `capacity`), and returns how many are missing (0: all there).
/// The environment variable SWIFTLET_CPU_CHECK_PRETEND_MISSING (a name such as "AVX2") makes the check report that
/// extension missing, to test the failure path on a capable machine. Always 0 on non-x86-64 builds and in the
/// portable build (`SWIFTLET_PORTABLE_BUILD=1`), whose code is compiled for no extension.
int swiftlet_missing_cpu_features(char *buffer, size_t capacity);

#endif
