// Run-time choice between the instruction-set variants (see the header's "Instruction-set variants"): the 256-bit
// int_dots.h kernels built three times, and with AVX-512 the one-column (decode_rows_avx512.c, where
// `swl_two_row_decode` says so) and pair (rows_pairs_avx512.c) kernels.
#if defined(__x86_64__)  // x86 intrinsics: elsewhere this file compiles to nothing
#include "KernelsX86.h"

#include <stdlib.h>
#include <string.h>

// The 256-bit variants, defined in int_dots_avx2.c, int_dots_avxvnni.c and int_dots_avx512vnni.c.
#define SWL_DECLARE_VARIANTS(suffix)                                                                                \
    void swl_q5_0_q8_0_rows_##suffix(const void *w, long row_bytes, int row_start, int row_end, const void *a,     \
                                     long column_bytes, const float *a_d, int columns, int blocks, float *out,     \
                                     long out_stride);                                                             \
    void swl_q4_1_q8_1_rows_##suffix(const void *w, long row_bytes, int row_start, int row_end, const void *a,     \
                                     long column_bytes, const float *a_d, const float *a_s, int columns,           \
                                     int blocks, float *out, long out_stride);                                     \
    void swl_q8_0_q8_0_rows_##suffix(const void *w, long row_bytes, int row_start, int row_end, const void *a,     \
                                     long column_bytes, const float *a_d, int columns, int blocks, float *out,     \
                                     long out_stride);
SWL_DECLARE_VARIANTS(avx2)
SWL_DECLARE_VARIANTS(avxvnni)
SWL_DECLARE_VARIANTS(avx512vnni)
// decode_rows_avx512.c (one column)
void swl_q4_1_q8_1_rows_decode(const void *w, long row_bytes, int row_start, int row_end, const void *a,
                               const float *a_d, const float *a_s, int blocks, float *out);
void swl_q5_0_q8_0_rows_decode(const void *w, long row_bytes, int row_start, int row_end, const void *a,
                               const float *a_d, int blocks, float *out);
int swl_q8_0_q8_0_rows_decode(const void *w, long row_bytes, int row_start, int row_end, const void *a,
                              const float *a_d, int blocks, float *out);
// rows_pairs_avx512.c
void swl_q4_1_q8_1_rows_pairs(const void *w, long row_bytes, int row_start, int row_end, const void *a,
                              long column_bytes, const float *a_d, const float *a_s, int columns, int blocks,
                              float *out, long out_stride);
void swl_q8_0_q8_0_rows_pairs(const void *w, long row_bytes, int row_start, int row_end, const void *a,
                              long column_bytes, const float *a_d, int columns, int blocks, float *out,
                              long out_stride);

/// `name`'s 256-bit variant for `isa` called with the parenthesized `args`.
#define SWL_CALL_256(isa, name, args)                                                                               \
    ((isa) == SWL_ISA_AVX512VNNI ? name##_avx512vnni args                                                         \
     : (isa) == SWL_ISA_AVXVNNI  ? name##_avxvnni args                                                            \
                                 : name##_avx2 args)

int swl_isa_supported(int isa) {
    __builtin_cpu_init();
    switch (isa) {
    case SWL_ISA_AVX2: return swl_cpu_has_avx2_fma_f16c();
    case SWL_ISA_AVXVNNI: return swl_cpu_has_avx2_fma_f16c() && __builtin_cpu_supports("avxvnni");
    case SWL_ISA_AVX512VNNI:
        return swl_cpu_has_avx2_fma_f16c() && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
               __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vnni");
    case SWL_ISA_PORTABLE: return 1;
    default: return 0;
    }
}

/// -1 until first computed, then the best supported variant / the variant in use (a benign race: every thread
/// computes the same value).
static int best_isa = -1, active_isa = -1;

static int best(void) {
    int isa = __atomic_load_n(&best_isa, __ATOMIC_RELAXED);
    if (isa < 0) {
        isa = swl_isa_supported(SWL_ISA_AVX512VNNI) ? SWL_ISA_AVX512VNNI
              : swl_isa_supported(SWL_ISA_AVXVNNI)  ? SWL_ISA_AVXVNNI
                                                    : SWL_ISA_AVX2;
        __atomic_store_n(&best_isa, isa, __ATOMIC_RELAXED);
    }
    return isa;
}

int swl_isa_active(void) {
    int isa = __atomic_load_n(&active_isa, __ATOMIC_RELAXED);
    if (isa >= 0) return isa;
    isa = best();
    const char *forced = getenv("SWIFTLET_ISA");
    if (forced != NULL && strcmp(forced, "portable") == 0) isa = SWL_ISA_PORTABLE;
    if (forced != NULL && strcmp(forced, "avx2") == 0) isa = SWL_ISA_AVX2;
    if (forced != NULL && strcmp(forced, "avxvnni") == 0 && swl_isa_supported(SWL_ISA_AVXVNNI)) isa = SWL_ISA_AVXVNNI;
    __atomic_store_n(&active_isa, isa, __ATOMIC_RELAXED);
    return isa;
}

/// -1 until first computed, then whether one decode column takes the two-rows kernels (see `swl_two_row_decode`).
static int two_row_decode = -1;

int swl_two_row_decode(void) {
    int on = __atomic_load_n(&two_row_decode, __ATOMIC_RELAXED);
    if (on >= 0) return on;
    __builtin_cpu_init();
    on = !__builtin_cpu_is("amd");
    const char *forced = getenv("SWIFTLET_TWO_ROW_DECODE");
    if (forced != NULL && strcmp(forced, "1") == 0) on = 1;
    if (forced != NULL && strcmp(forced, "0") == 0) on = 0;
    __atomic_store_n(&two_row_decode, on, __ATOMIC_RELAXED);
    return on;
}

int swl_set_two_row_decode(int on) {
    int previous = swl_two_row_decode();
    __atomic_store_n(&two_row_decode, on != 0, __ATOMIC_RELAXED);
    return previous;
}

int swl_isa_set_active(int isa) {
    int previous = swl_isa_active();
    __atomic_store_n(&active_isa, swl_isa_supported(isa) ? isa : SWL_ISA_AVX2, __ATOMIC_RELAXED);
    return previous;
}

void swl_q5_0_q8_0_rows(const void *w, long row_bytes, int row_start, int row_end, const void *a, long column_bytes,
                        const float *a_d, int columns, int blocks, float *out, long out_stride) {
    int isa = swl_isa_active();
    if (isa == SWL_ISA_AVX512VNNI && columns == 1 && swl_two_row_decode()) {
        swl_q5_0_q8_0_rows_decode(w, row_bytes, row_start, row_end, a, a_d, blocks, out);
    } else {
        SWL_CALL_256(isa, swl_q5_0_q8_0_rows,
                     (w, row_bytes, row_start, row_end, a, column_bytes, a_d, columns, blocks, out, out_stride));
    }
}

void swl_q4_1_q8_1_rows(const void *w, long row_bytes, int row_start, int row_end, const void *a, long column_bytes,
                        const float *a_d, const float *a_s, int columns, int blocks, float *out, long out_stride) {
    int isa = swl_isa_active();
    if (isa == SWL_ISA_AVX512VNNI && columns == 1 && swl_two_row_decode()) {
        swl_q4_1_q8_1_rows_decode(w, row_bytes, row_start, row_end, a, a_d, a_s, blocks, out);
    } else if (isa == SWL_ISA_AVX512VNNI && columns >= 2 && blocks <= SWL_PAIR_MAX_BLOCKS) {
        swl_q4_1_q8_1_rows_pairs(w, row_bytes, row_start, row_end, a, column_bytes, a_d, a_s, columns, blocks, out,
                                 out_stride);
    } else {
        SWL_CALL_256(isa, swl_q4_1_q8_1_rows,
                     (w, row_bytes, row_start, row_end, a, column_bytes, a_d, a_s, columns, blocks, out, out_stride));
    }
}

void swl_q8_0_q8_0_rows(const void *w, long row_bytes, int row_start, int row_end, const void *a, long column_bytes,
                        const float *a_d, int columns, int blocks, float *out, long out_stride) {
    int isa = swl_isa_active();
    if (isa == SWL_ISA_AVX512VNNI && columns == 1 && swl_two_row_decode() &&
        swl_q8_0_q8_0_rows_decode(w, row_bytes, row_start, row_end, a, a_d, blocks, out)) {
        return;
    }
    if (isa == SWL_ISA_AVX512VNNI && columns >= 2 && blocks <= SWL_PAIR_MAX_BLOCKS) {
        swl_q8_0_q8_0_rows_pairs(w, row_bytes, row_start, row_end, a, column_bytes, a_d, columns, blocks, out,
                                 out_stride);
    } else {
        SWL_CALL_256(isa, swl_q8_0_q8_0_rows,
                     (w, row_bytes, row_start, row_end, a, column_bytes, a_d, columns, blocks, out, out_stride));
    }
}

#endif
