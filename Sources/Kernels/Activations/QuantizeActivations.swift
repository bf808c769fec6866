#if canImport(KernelsX86)
import KernelsX86
#endif

/// Quantizes `count` activations to `format`, writing ggml's block layout (§2.1) to `out`.
///
/// Bit-exact with llama.cpp's CPU path on an AVX2 machine: Q8_0/Q8_1 follow `quantize_row_q8_0/1` of
/// ggml-cpu/arch/x86 (`d = amax/127`, `q = round_half_even(x·127/amax)`; Q8_1 adds `s = f16(d·Σq)`), Q8_K follows
/// `quantize_row_q8_K_ref` (`iscale = −127/max` of the signed value with the largest |x|, `q = min(127, round(iscale·x))`,
/// `d = 1/iscale`, `bsums` per 16). `.f32` copies the floats.
///
/// - Parameters:
///   - x: `[count]` floats.
///   - count: a multiple of `format.blockElements`.
///   - out: `count / blockElements · blockBytes` bytes.
public func quantizeActivations(
    _ x: UnsafePointer<Float>, count: Int, format: ActivationFormat, into out: UnsafeMutableRawPointer
) {
    precondition(count % format.blockElements == 0, "\(count) activations are not whole \(format) blocks")
    switch format {
    case .f32:
        out.copyMemory(from: x, byteCount: count * 4)
    case .q8_0:
        #if canImport(KernelsX86)
        if !KernelVariant.portableActive {
            // AVX2 C (KernelsX86/quantize_q8_0.c): the same bits as the loop below, bytes packed in registers.
            swl_quantize_q8_0_1(x, out, Int32(count / 32), 0)
            return
        }
        #endif
        for b in 0..<count / 32 {
            let block = out + b * 34
            let (d, _) = quantizeBlock32(x + b * 32, qs: block + 2)
            storeHalf(d, block)
        }
    case .q8_1:
        #if canImport(KernelsX86)
        if !KernelVariant.portableActive {
            swl_quantize_q8_0_1(x, out, Int32(count / 32), 1)
            return
        }
        #endif
        for b in 0..<count / 32 {
            let block = out + b * 36
            let (d, sum) = quantizeBlock32(x + b * 32, qs: block + 4)
            storeHalf(d, block)
            storeHalf(d * Float(sum), block, 2)
        }
    case .q8_K:
        #if canImport(KernelsX86)
        if !KernelVariant.portableActive {
            // AVX2 C (KernelsX86/quantize_q8_K.c); `Reference.quantizeActivations` is its scalar twin.
            swl_quantize_q8_K(x, out, Int32(count / 256))
            return
        }
        #endif
        // The portable path: the scalar twin (a Q8_K column is a small part of a matmul's work).
        Reference.quantizeActivations(x, count: count, format: .q8_K, into: out)
    }
}

/// One Q8_0/Q8_1 block: writes 32 int8 to `qs`, returns the unrounded scale `d = amax/127` and Σq.
@inline(__always)
func quantizeBlock32(_ x: UnsafePointer<Float>, qs: UnsafeMutableRawPointer) -> (d: Float, sum: Int32) {
    let raw = UnsafeRawPointer(x)
    let v0 = raw.loadUnaligned(as: SIMD8<Float>.self)
    let v1 = raw.loadUnaligned(fromByteOffset: 32, as: SIMD8<Float>.self)
    let v2 = raw.loadUnaligned(fromByteOffset: 64, as: SIMD8<Float>.self)
    let v3 = raw.loadUnaligned(fromByteOffset: 96, as: SIMD8<Float>.self)
    let amax = horizontalMax(
        maximum(maximum(absolute(v0), absolute(v1)), maximum(absolute(v2), absolute(v3))))
    let d = amax / 127
    let id: Float = amax != 0 ? 127 / amax : 0
    let q0 = nearestInts(v0 * id), q1 = nearestInts(v1 * id)
    let q2 = nearestInts(v2 * id), q3 = nearestInts(v3 * id)
    for i in 0..<8 {
        qs.storeBytes(of: Int8(truncatingIfNeeded: q0[i]), toByteOffset: i, as: Int8.self)
        qs.storeBytes(of: Int8(truncatingIfNeeded: q1[i]), toByteOffset: 8 + i, as: Int8.self)
        qs.storeBytes(of: Int8(truncatingIfNeeded: q2[i]), toByteOffset: 16 + i, as: Int8.self)
        qs.storeBytes(of: Int8(truncatingIfNeeded: q3[i]), toByteOffset: 24 + i, as: Int8.self)
    }
    return (d, horizontalSum((q0 &+ q1) &+ (q2 &+ q3)))
}
