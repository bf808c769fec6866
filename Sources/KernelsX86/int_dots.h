// The integer dot kernels whose inner step is "8 Int32 lanes of 4-element u8·s8 sums" (ggml's
// `mul_sum_us8_pairs_float`): Q5_0 × Q8_0 rows, Q4_1 × Q8_1 rows, Q8_0 × Q8_0 rows. Private header, compiled
// once per instruction-set variant (int_dots_avx2.c, int_dots_avxvnni.c); each includer defines
//   - `SWL_VARIANT(name)`: the exported name of this variant (`name##_avx2`, ...), dispatched in isa.c;
//   - `lanes_u8s8(u, s)`: lane k = Σ u[4k+i]·s[4k+i] (u unsigned, s signed bytes), with no saturation for the value
//     ranges used here (every pair sum of products stays below 32768 in magnitude, so maddubs + madd and VNNI's
//     dpbusd give the same integers and every variant the same bits).
// Block layouts: the format files in Kernels/Formats.

/// Most activation columns that share one unpacked Q5_0 weight block.
#define Q5_0_COLUMNS 8

/// One Q5_0 row against `n` (1…8, a constant after inlining) Q8_0 columns; each column's accumulator sees exactly
/// the operations of swl_dot_q5_0_q8_0.
static inline void q5_0_columns(const uint8_t *x, const uint8_t *y, size_t columnBytes, const float *yd, int n,
                                int blocks, float *out, size_t outStride) {
    __m256 acc[Q5_0_COLUMNS];
    for (int k = 0; k < Q5_0_COLUMNS; k++) acc[k] = _mm256_setzero_ps();
    const uint8_t *xb = x;
    for (int b = 0; b < blocks; b++, xb += 22) {
        prefetch_weights(xb);
        uint32_t qh;
        memcpy(&qh, xb + 2, 4);
        __m256i q = _mm256_or_si256(nibbles32(xb + 6), _mm256_andnot_si256(bit_bytes(qh), _mm256_set1_epi8((char)0xF0)));
        __m256i ax = _mm256_sign_epi8(q, q);
        __m256 dxv = block_d_splat(xb);
        for (int k = 0; k < n; k++) {
            const uint8_t *yb = y + (size_t)k * columnBytes + (size_t)b * 34;
            __m256 d = _mm256_mul_ps(dxv, _mm256_broadcast_ss(yd + (size_t)k * blocks + b));
            __m256i yq = _mm256_loadu_si256((const __m256i *)(yb + 2));
            __m256i sy = _mm256_sign_epi8(yq, q);
            __m256i lanes = lanes_u8s8(ax, sy);
            acc[k] = _mm256_fmadd_ps(d, _mm256_cvtepi32_ps(lanes), acc[k]);
        }
    }
    for (int k = 0; k < n; k++) out[(size_t)k * outStride] = hsum8(acc[k]);
}

void SWL_VARIANT(swl_q5_0_q8_0_rows)(const void *w, long row_bytes, int row_start, int row_end, const void *a,
                                     long column_bytes, const float *a_d, int columns, int blocks, float *out,
                                     long out_stride) {
    const uint8_t *y = a;
    for (int c0 = 0; c0 < columns; c0 += Q5_0_COLUMNS) {
        int n = columns - c0 < Q5_0_COLUMNS ? columns - c0 : Q5_0_COLUMNS;
        const uint8_t *yc = y + (size_t)c0 * column_bytes;
        const float *dc = a_d + (size_t)c0 * blocks;
        float *oc = out + (size_t)c0 * out_stride;
        // The columns' activations stay in L1 while the rows pass.
        for (int r = row_start; r < row_end; r++) {
            const uint8_t *x = (const uint8_t *)w + (size_t)r * row_bytes;
            switch (n) {  // constant n per call, so the column loop is unrolled and the accumulators stay in registers
            case 1: q5_0_columns(x, yc, column_bytes, dc, 1, blocks, oc + r, out_stride); break;
            case 2: q5_0_columns(x, yc, column_bytes, dc, 2, blocks, oc + r, out_stride); break;
            case 3: q5_0_columns(x, yc, column_bytes, dc, 3, blocks, oc + r, out_stride); break;
            case 4: q5_0_columns(x, yc, column_bytes, dc, 4, blocks, oc + r, out_stride); break;
            case 5: q5_0_columns(x, yc, column_bytes, dc, 5, blocks, oc + r, out_stride); break;
            case 6: q5_0_columns(x, yc, column_bytes, dc, 6, blocks, oc + r, out_stride); break;
            case 7: q5_0_columns(x, yc, column_bytes, dc, 7, blocks, oc + r, out_stride); break;
            default: q5_0_columns(x, yc, column_bytes, dc, 8, blocks, oc + r, out_stride); break;
            }
        }
    }
}

/// Most blocks per row for which `swl_q4_1_q8_1_rows` transposes the columns' `s` values onto the stack.
#define Q4_1_MAX_BLOCKS 1024
/// Most activation columns that share one unpacked Q4_1 weight block (8 accumulators + 6 working registers of 16).
#define Q4_1_COLUMNS 8

/// Block `b`'s `s` of the (up to) 8 columns: from the transposed copy (`[blocks][8]`) or, for rows too long for it,
/// gathered from `[n][blocks]` (lanes past `n` zero).
static inline __m256 column_s(const float *as, int transposed, int n, int blocks, int b) {
    if (transposed) return _mm256_loadu_ps(as + Q4_1_COLUMNS * b);
    float s[Q4_1_COLUMNS];
    for (int c = 0; c < Q4_1_COLUMNS; c++) s[c] = c < n ? as[c * blocks + b] : 0;
    return _mm256_loadu_ps(s);
}

/// One Q4_1 row against `n` (1…8) Q8_1 columns; `ad` holds the columns' block scales widened to f32 (`[n][blocks]`)
/// and `as` their `s` values (see `column_s`), the same values as the blocks' f16 `d` and `s`.
static inline void q4_1_row(const uint8_t *x, const uint8_t *a, long column_bytes, const float *ad, const float *as,
                            int transposed, int n, int blocks, float *result) {
    __m256 acc[Q4_1_COLUMNS];
    for (int c = 0; c < Q4_1_COLUMNS; c++) acc[c] = _mm256_setzero_ps();
    __m256 mins = _mm256_setzero_ps();  // lane c: column c's Σ m·s, one fma per block as the scalar twin
    for (int b = 0; b < blocks; b++) {
        const uint8_t *block = x + 20 * b;
        prefetch_weights(block);
        // d and m in one zero-extending load (no merge into a live register, see block_d_m).
        __m128 dm = block_d_m(block);
        float m = _mm_cvtss_f32(_mm_movehdup_ps(dm));
        __m256 dv = opaque_ps(_mm256_broadcastss_ps(dm));
        __m256i q = nibbles32(block + 4);
        for (int c = 0; c < n; c++) {
            const uint8_t *y = a + c * column_bytes + 36 * b;
            __m256i yq = _mm256_loadu_si256((const __m256i *)(y + 4));
            __m256i lanes = lanes_u8s8(q, yq);
            // d·dy in every lane (the same product as the scalar one; the broadcast is a load, not a shuffle).
            __m256 scale = _mm256_mul_ps(dv, _mm256_broadcast_ss(ad + c * blocks + b));
            acc[c] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(lanes), scale, acc[c]);
        }
        mins = _mm256_fmadd_ps(_mm256_set1_ps(m), column_s(as, transposed, n, blocks, b), mins);
    }
    float m8[Q4_1_COLUMNS];
    _mm256_storeu_ps(m8, mins);
    for (int c = 0; c < n; c++) result[c] = hsum8(acc[c]) + m8[c];
}

/// `q4_1_row` for one column (decode), with `as` the column's own `s` values (`[blocks]`, nothing transposed): the
/// min sum is one scalar fma per block, lane 0 of `q4_1_row`'s vector one.
__attribute__((noinline)) static void q4_1_row1(const uint8_t *x, const uint8_t *y, const float *ad, const float *as, int blocks,
                      float *result) {
    __m256 acc = _mm256_setzero_ps();
    float mins = 0;
    for (int b = 0; b < blocks; b++) {
        const uint8_t *block = x + 20 * b;
        prefetch_weights(block);
        __m128 dm = block_d_m(block);
        __m256 dv = opaque_ps(_mm256_broadcastss_ps(dm));
        __m256i lanes = lanes_u8s8(nibbles32(block + 4), _mm256_loadu_si256((const __m256i *)(y + 36 * b + 4)));
        acc = _mm256_fmadd_ps(_mm256_cvtepi32_ps(lanes), _mm256_mul_ps(dv, _mm256_broadcast_ss(ad + b)), acc);
        mins = __builtin_fmaf(_mm_cvtss_f32(_mm_movehdup_ps(dm)), as[b], mins);
    }
    result[0] = hsum8(acc) + mins;
}

void SWL_VARIANT(swl_q4_1_q8_1_rows)(const void *w, long row_bytes, int row_start, int row_end, const void *a, long column_bytes,
                        const float *a_d, const float *a_s, int columns, int blocks, float *out, long out_stride) {
    float as8[Q4_1_COLUMNS * Q4_1_MAX_BLOCKS];
    for (int c0 = 0; c0 < columns; c0 += Q4_1_COLUMNS) {
        int n = columns - c0 < Q4_1_COLUMNS ? columns - c0 : Q4_1_COLUMNS;
        const uint8_t *ac = (const uint8_t *)a + c0 * column_bytes;
        const float *dc = a_d + (long)c0 * blocks, *sc = a_s + (long)c0 * blocks;
        // The columns' s values transposed once for all rows (rows of more than 32768 elements gather them; a lone
        // column reads its own).
        int transposed = n > 1 && blocks <= Q4_1_MAX_BLOCKS;
        const float *as = transposed ? as8 : sc;
        for (int b = 0; transposed && b < blocks; b++) {
            for (int c = 0; c < Q4_1_COLUMNS; c++) as8[Q4_1_COLUMNS * b + c] = c < n ? sc[(long)c * blocks + b] : 0;
        }
        for (int r = row_start; r < row_end; r++) {
            float result[Q4_1_COLUMNS];
            const uint8_t *x = (const uint8_t *)w + r * row_bytes;
            switch (n) {  // constant n per call, so each loop is unrolled for its width
            case 1: q4_1_row1(x, ac, dc, sc, blocks, result); break;
            case 2: q4_1_row(x, ac, column_bytes, dc, as, transposed, 2, blocks, result); break;
            case 3: q4_1_row(x, ac, column_bytes, dc, as, transposed, 3, blocks, result); break;
            case 4: q4_1_row(x, ac, column_bytes, dc, as, transposed, 4, blocks, result); break;
            case 5: q4_1_row(x, ac, column_bytes, dc, as, transposed, 5, blocks, result); break;
            case 6: q4_1_row(x, ac, column_bytes, dc, as, transposed, 6, blocks, result); break;
            case 7: q4_1_row(x, ac, column_bytes, dc, as, transposed, 7, blocks, result); break;
            default: q4_1_row(x, ac, column_bytes, dc, as, transposed, 8, blocks, result); break;
            }
            for (int c = 0; c < n; c++) out[(c0 + c) * out_stride + r] = result[c];
        }
    }
}

/// One Q8_0 row against `n` (1…4) Q8_0 columns; `ad` holds the columns' block scales widened to f32 (`[n][blocks]`).
/// Per block and column: the 8 lanes of 4-element integer sums (|w| · sign(y, w), ggml's trick for a signed product
/// through `maddubs`), then `acc = fma(lanes, dx·dy, acc)`; the result is `hsum8(acc)` — lane for lane what
/// `BlockQ8_0.dot` computes with Int16 products.
static inline void q8_0_row(const uint8_t *x, const uint8_t *a, long column_bytes, const float *ad, int n, int blocks,
                            float *result) {
    __m256 acc[4] = {_mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps(), _mm256_setzero_ps()};
    for (int b = 0; b < blocks; b++) {
        const uint8_t *block = x + 34 * b;
        prefetch_weights(block);
        __m256 dv = block_d_splat(block);
        __m256i q = _mm256_loadu_si256((const __m256i *)(block + 2));
        __m256i magnitude = _mm256_sign_epi8(q, q);
        for (int c = 0; c < n; c++) {
            const uint8_t *y = a + c * column_bytes + 34 * b;
            __m256i yq = _mm256_sign_epi8(_mm256_loadu_si256((const __m256i *)(y + 2)), q);
            __m256i lanes = lanes_u8s8(magnitude, yq);
            __m256 scale = _mm256_mul_ps(dv, _mm256_broadcast_ss(ad + c * blocks + b));
            acc[c] = _mm256_fmadd_ps(_mm256_cvtepi32_ps(lanes), scale, acc[c]);
        }
    }
    for (int c = 0; c < n; c++) result[c] = hsum8(acc[c]);
}

void SWL_VARIANT(swl_q8_0_q8_0_rows)(const void *w, long row_bytes, int row_start, int row_end, const void *a, long column_bytes,
                        const float *a_d, int columns, int blocks, float *out, long out_stride) {
    for (int c0 = 0; c0 < columns; c0 += 4) {
        int n = columns - c0 < 4 ? columns - c0 : 4;
        const uint8_t *ac = (const uint8_t *)a + c0 * column_bytes;
        const float *dc = a_d + (long)c0 * blocks;
        for (int r = row_start; r < row_end; r++) {
            float result[4];
            const uint8_t *x = (const uint8_t *)w + r * row_bytes;
            switch (n) {  // constant n per call, so each loop is unrolled for its width
            case 1: q8_0_row(x, ac, column_bytes, dc, 1, blocks, result); break;
            case 2: q8_0_row(x, ac, column_bytes, dc, 2, blocks, result); break;
            case 3: q8_0_row(x, ac, column_bytes, dc, 3, blocks, result); break;
            default: q8_0_row(x, ac, column_bytes, dc, 4, blocks, result); break;
            }
            for (int c = 0; c < n; c++) out[(c0 + c) * out_stride + r] = result[c];
        }
    }
}
