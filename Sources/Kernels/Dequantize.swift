/// Dequantizes `count` elements (a multiple of `format.blockElements`) stored in `format` at `src` into `dst`.
public func dequantize(
    _ src: UnsafeRawPointer, format: WeightFormat, count: Int, into dst: UnsafeMutablePointer<Float>
) {
    precondition(count % format.blockElements == 0, "\(count) elements are not whole \(format) blocks")
    switch format {
    case .f32: BlockF32.dequantize(src, count: count, into: dst)
    case .f16: BlockF16.dequantize(src, count: count, into: dst)
    case .bf16: BlockBF16.dequantize(src, count: count, into: dst)
    case .q4_0: BlockQ4_0.dequantize(src, count: count, into: dst)
    case .q4_1: BlockQ4_1.dequantize(src, count: count, into: dst)
    case .q5_0: BlockQ5_0.dequantize(src, count: count, into: dst)
    case .q5_1: BlockQ5_1.dequantize(src, count: count, into: dst)
    case .q8_0: BlockQ8_0.dequantize(src, count: count, into: dst)
    case .q4_K: BlockQ4_K.dequantize(src, count: count, into: dst)
    case .q5_K: BlockQ5_K.dequantize(src, count: count, into: dst)
    case .q6_K: BlockQ6_K.dequantize(src, count: count, into: dst)
    }
}

/// Quantizes `count` floats (a multiple of `format.blockElements`) to `format` blocks at `dst`
/// (`format.rowBytes(columns: count)` bytes) with the reference quantizers, following ggml's `quantize_row_*_ref`.
/// Slow; meant for tests and for building synthetic models.
public func quantizeReference(
    _ x: UnsafePointer<Float>, count: Int, format: WeightFormat, into dst: UnsafeMutableRawPointer
) {
    precondition(count % format.blockElements == 0, "\(count) elements are not whole \(format) blocks")
    switch format {
    case .f32: BlockF32.quantizeReference(x, count: count, into: dst)
    case .f16: BlockF16.quantizeReference(x, count: count, into: dst)
    case .bf16: BlockBF16.quantizeReference(x, count: count, into: dst)
    case .q4_0: BlockQ4_0.quantizeReference(x, count: count, into: dst)
    case .q4_1: BlockQ4_1.quantizeReference(x, count: count, into: dst)
    case .q5_0: BlockQ5_0.quantizeReference(x, count: count, into: dst)
    case .q5_1: BlockQ5_1.quantizeReference(x, count: count, into: dst)
    case .q8_0: BlockQ8_0.quantizeReference(x, count: count, into: dst)
    case .q4_K: BlockQ4_K.quantizeReference(x, count: count, into: dst)
    case .q5_K: BlockQ5_K.quantizeReference(x, count: count, into: dst)
    case .q6_K: BlockQ6_K.quantizeReference(x, count: count, into: dst)
    }
}
