import KernelsX86
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// `swl_expf` (KernelsX86/expf.c) against libm's `expf`, bit for bit: attention's online softmax must see exactly
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
            swl_expf(x, &y, Int32(chunk))
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
            swl_expf(specials, &y, Int32(n))
            for i in 0..<n {
                let want = expf(specials[i])
                #expect(y[i].bitPattern == want.bitPattern || (y[i].isNaN && want.isNaN), "expf(\(specials[i])), n \(n)")
            }
        }
    }
}
