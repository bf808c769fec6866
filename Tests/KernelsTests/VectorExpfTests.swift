import Foundation
import Kernels
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `libmExpf` (KernelsX86/expf.c) against libm's `expf`, bit for bit: attention's online softmax must see exactly
/// the exponentials llama.cpp's flash attention gets from `expf`. (Checked once by hand over all 2^32 inputs: 0
/// differences; here a sweep that still reaches every exponent and sign.)
@Suite struct VectorExpfTests {
    /// Every 97th f32 bit pattern (44 million inputs), in calls of 4096 values.
    @Test func matchesLibmOverSweepOfAllFloats() {
        let chunk = 4096, stride: UInt64 = 97
        var x = [Float](repeating: 0, count: chunk), y = x
        var differing: [UInt32] = []
        var bits: UInt64 = 0
        while bits < 1 << 32 {
            for i in 0..<chunk { x[i] = Float(bitPattern: UInt32(truncatingIfNeeded: bits + UInt64(i) * stride)) }
            libmExpf(x, into: &y, count: chunk)
            for i in 0..<chunk where bits + UInt64(i) * stride < 1 << 32 {
                let want = expf(x[i])
                if y[i].bitPattern != want.bitPattern && !(y[i].isNaN && want.isNaN) { differing.append(x[i].bitPattern) }
            }
            bits += UInt64(chunk) * stride
        }
        #expect(differing.isEmpty, "\(differing.count) inputs differ, first \(differing.prefix(5).map { Float(bitPattern: $0) })")
    }

    /// The range edges, specials and every tail length (the last `n mod 8` values go through a padded block).
    @Test func edgesSpecialsAndTails() {
        let specials: [Float] = [
            0, -0, 1, -1, 88, -88, 0x1.62e42ep6, 0x1.62e430p6, -0x1.9fe368p6, -0x1.9fe36ap6, -0x1.9d1d9ep6, 87.99999,
            -87.99999, 100, -100, -103.9, -104, .infinity, -.infinity, .nan, .greatestFiniteMagnitude,
            -.greatestFiniteMagnitude, .leastNonzeroMagnitude, -.leastNormalMagnitude, 1e-30, -1e-30, 0.5, -0.5,
            -0.0001, -7.25, -15.5, -31.75,
        ]
        for n in 1...specials.count {
            var y = [Float](repeating: 42, count: n)
            libmExpf(specials, into: &y, count: n)
            for i in 0..<n {
                let want = expf(specials[i])
                #expect(y[i].bitPattern == want.bitPattern || (y[i].isNaN && want.isNaN), "expf(\(specials[i])), n \(n)")
            }
        }
    }

    /// `exp8` (ggml's `ggml_v_expf`) within its documented error (1.45 ulp + 0.5) of double-precision `exp`, and its range ends.
    @Test func exp8WithinDocumentedErrorOfExp() {
        var worst: Double = 0
        var x: Float = -87
        while x <= 88 {
            let got = exp8(SIMD8(repeating: x))
            let want = Foundation.exp(Double(x))
            worst = max(worst, abs(Double(got[3]) - want) / want)
            x += 0.0173
        }
        #expect(worst < 3e-7, "worst relative error \(worst)")
        let specials = exp8(SIMD8<Float>(0, -.infinity, .infinity, -200, 89, -110, 1, -1))
        #expect(specials[0] == 1 && specials[1] == 0 && specials[2] == .infinity && specials[3] == 0)
        #expect(specials[4] == .infinity && specials[5] == 0)
        #expect(abs(specials[6] - 2.718_281_8) < 3e-7 && abs(specials[7] - 0.367_879_44) < 1e-7)
    }
}
