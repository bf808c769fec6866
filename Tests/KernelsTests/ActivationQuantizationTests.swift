import Kernels
import Testing

@Suite struct ActivationQuantizationTests {
    @Test(arguments: [ActivationFormat.q8_0, .q8_1, .q8_K, .f32])
    func fastMatchesReferenceBitForBit(format: ActivationFormat) {
        var rng = SeededRandom(seed: 77)
        for (count, scale) in [(256, Float(1)), (2048, 0.01), (512, 300), (256, 0)] {
            var x = rng.values(count, scale: scale)
            if format == .q8_K && count == 512 { x[300] = -x.map(abs).max()! * 2 }  // signed max is negative
            let bytes = count / format.blockElements * format.blockBytes
            var fast = [UInt8](repeating: 0xAA, count: bytes)
            var reference = [UInt8](repeating: 0x55, count: bytes)
            quantizeActivations(x, count: count, format: format, into: &fast)
            Reference.quantizeActivations(x, count: count, format: format, into: &reference)
            #expect(fast == reference, "\(format), \(count) values × \(scale)")
        }
    }

    @Test func q8_0KnownAnswer() {
        // amax = 2.54 → d = 0.02, id = 127/2.54 = 50; 0.01·50 = 0.5 rounds to even (0), 0.03·50 = 1.5 → 2.
        var x = [Float](repeating: 0, count: 32)
        x[0] = 2.54
        x[1] = -1.27
        x[2] = 0.01
        x[3] = 0.03
        var out = [UInt8](repeating: 0, count: 34)
        quantizeActivations(x, count: 32, format: .q8_0, into: &out)
        let d = Float(Float16(bitPattern: UInt16(out[0]) | UInt16(out[1]) << 8))
        #expect(d == Float(Float16(Float(2.54) / 127)))
        let q = out[2...].map { Int8(bitPattern: $0) }
        #expect(Array(q[0..<4]) == [127, -64, 0, 2] || Array(q[0..<4]) == [127, -63, 0, 2])
        #expect(q[0] == 127)
        #expect(q[2] == Int8((Float(0.01) * (127 / Float(2.54))).rounded(.toNearestOrEven)))
    }

    /// The AVX2 Q8_K quantizer against the scalar reference on 96 blocks: random scales, exact rounding ties (small
    /// integers scaled so that `iscale·x` lands on .5), a maximum magnitude that occurs with both signs (the first
    /// wins), a lone nonzero value, and zero blocks between them.
    @Test func q8_KFastMatchesReferenceOnManyBlocks() {
        var rng = SeededRandom(seed: 4242)
        var x: [Float] = []
        for b in 0..<96 {
            var block = rng.values(256, scale: [1, 1e-3, 40, 7e4][b % 4])
            switch b % 6 {
            case 1: block = (0..<256).map { Float($0 % 21 - 10) + 0.5 }; block[7] = -127  // iscale 1: every x a tie
            case 2: block[3] = -9e4; block[200] = 9e4  // |max| twice, negative first
            case 3: block = [Float](repeating: 0, count: 256); block[255] = -3.25
            case 4: block = [Float](repeating: 0, count: 256)
            default: break
            }
            x += block
        }
        var fast = [UInt8](repeating: 0xAA, count: 96 * 292)
        var reference = [UInt8](repeating: 0x55, count: 96 * 292)
        quantizeActivations(x, count: x.count, format: .q8_K, into: &fast)
        Reference.quantizeActivations(x, count: x.count, format: .q8_K, into: &reference)
        let differing = (0..<96).filter { fast[($0 * 292)..<($0 * 292 + 292)] != reference[($0 * 292)..<($0 * 292 + 292)] }
        #expect(differing.isEmpty, "blocks \(differing) differ")
    }

    @Test func q8_KKnownAnswer() {
        // The signed value with the largest |x| is −4: iscale = −127/−4 = 31.75, d = 1/31.75.
        var x = [Float](repeating: 0, count: 256)
        x[0] = 1
        x[17] = -4
        x[255] = 2
        var out = [UInt8](repeating: 0, count: 292)
        quantizeActivations(x, count: 256, format: .q8_K, into: &out)
        let d = out.withUnsafeBytes { $0.load(as: Float.self) }
        #expect(d == 1 / Float(31.75))
        #expect(Int8(bitPattern: out[4 + 0]) == 32)  // 31.75 rounds to 32
        #expect(Int8(bitPattern: out[4 + 17]) == -127)
        #expect(Int8(bitPattern: out[4 + 255]) == 64)  // 63.5 rounds to even
        let bsums = out.withUnsafeBytes { raw in (0..<16).map { raw.loadUnaligned(fromByteOffset: 260 + 2 * $0, as: Int16.self) } }
        #expect(bsums[0] == 32)
        #expect(bsums[1] == -127)
        #expect(bsums[15] == 64)
    }

    @Test func q8_1SumIsScaledSumOfQuants() {
        var rng = SeededRandom(seed: 3)
        let x = rng.values(64)
        var out = [UInt8](repeating: 0, count: 72)
        quantizeActivations(x, count: 64, format: .q8_1, into: &out)
        for b in 0..<2 {
            let block = Array(out[36 * b..<36 * b + 36])
            let sum = block[4...].reduce(0) { $0 + Int(Int8(bitPattern: $1)) }
            let amax = x[32 * b..<32 * b + 32].map(abs).max()!
            let s = Float(Float16(bitPattern: UInt16(block[2]) | UInt16(block[3]) << 8))
            #expect(s == Float(Float16(amax / 127 * Float(sum))))
        }
    }
}
