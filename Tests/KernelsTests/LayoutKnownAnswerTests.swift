import Kernels
import Testing

/// Hand-built blocks whose values are worked out from each format's bit layout (ggml's block structs), checked against
/// both the fast dequantizer and the reference twin.
@Suite struct LayoutKnownAnswerTests {
    /// Dequantizes `bytes` as one block with both implementations and checks them against `expected`.
    func check(_ bytes: [UInt8], _ format: WeightFormat, _ expected: [Float]) {
        var fast = [Float](repeating: .nan, count: expected.count)
        var reference = fast
        bytes.withUnsafeBytes { raw in
            fast.withUnsafeMutableBufferPointer {
                dequantize(raw.baseAddress!, format: format, count: expected.count, into: $0.baseAddress!)
            }
            reference.withUnsafeMutableBufferPointer {
                Reference.dequantize(raw.baseAddress!, format: format, count: expected.count, into: $0.baseAddress!)
            }
        }
        for i in expected.indices {
            #expect(fast[i] == expected[i], "\(format) element \(i): fast \(fast[i]) expected \(expected[i])")
            #expect(reference[i] == expected[i], "\(format) element \(i): reference \(reference[i])")
        }
    }

    func half(_ x: Float) -> [UInt8] {
        let bits = Float16(x).bitPattern
        return [UInt8(bits & 0xFF), UInt8(bits >> 8)]
    }

    @Test func q4_0NibbleOrder() {
        // qs[i] = i (low nibble → element i) | (15 − i) << 4 (high nibble → element i + 16); d = 0.5.
        let qs: [UInt8] = (0..<16).map { i in UInt8(i) | UInt8(15 - i) << 4 }
        let levels: [Int] = (0..<32).map { j in j < 16 ? j : 31 - j }
        let expected: [Float] = levels.map { Float($0 - 8) * 0.5 }
        check(half(0.5) + qs, .q4_0, expected)
    }

    @Test func q4_1AddsTheMin() {
        let qs: [UInt8] = (0..<16).map { i in UInt8(i) | UInt8(15 - i) << 4 }
        let levels: [Int] = (0..<32).map { j in j < 16 ? j : 31 - j }
        let expected: [Float] = levels.map { Float($0) * 0.25 - 1 }
        check(half(0.25) + half(-1) + qs, .q4_1, expected)
    }

    @Test func q5HighBitsComeFromQh() {
        // qh bit i is element i's fifth bit: set bits 0, 5, 16 and 31; all nibbles 3; d = 1.
        let qh: UInt32 = 1 << 0 | 1 << 5 | 1 << 16 | 1 << 31
        let qhBytes: [UInt8] = (0..<4).map { k in UInt8((qh >> UInt32(8 * k)) & 0xFF) }
        let qs = [UInt8](repeating: 0x33, count: 16)
        let q5: [Int] = (0..<32).map { j in 3 | ((qh >> UInt32(j)) & 1 == 1 ? 16 : 0) }
        let expected0: [Float] = q5.map { Float($0 - 16) }
        check(half(1) + qhBytes + qs, .q5_0, expected0)
        let expected1: [Float] = q5.map { Float($0) * 2 + 0.5 }
        check(half(2) + half(0.5) + qhBytes + qs, .q5_1, expected1)
    }

    @Test func q8_0IsSignedBytes() {
        let qs: [Int8] = (0..<32).map { Int8($0 * 8 - 128) }
        check(half(0.125) + qs.map { UInt8(bitPattern: $0) }, .q8_0, qs.map { Float($0) * 0.125 })
    }

    /// The 12 scale bytes for 6-bit scales and mins, packed by hand from the rule in §2.2:
    /// j < 4: sc = q[j] & 63, m = q[j+4] & 63; j ≥ 4: sc = (q[j+4] & 0xF) | (q[j−4] >> 6) << 4,
    /// m = (q[j+4] >> 4) | (q[j] >> 6) << 4.
    func packK4(scales sc: [UInt8], mins m: [UInt8]) -> [UInt8] {
        var q = [UInt8](repeating: 0, count: 12)
        for j in 0..<4 {
            q[j] = sc[j] | (sc[j + 4] >> 4) << 6
            q[j + 4] = m[j] | (m[j + 4] >> 4) << 6
            q[j + 8] = (sc[j + 4] & 0x0F) | (m[j + 4] & 0x0F) << 4
        }
        return q
    }

    let kScales: [UInt8] = [1, 2, 3, 4, 40, 50, 61, 63]
    let kMins: [UInt8] = [5, 6, 7, 8, 33, 44, 55, 62]

    @Test func q4_KScaleUnpackingAndChunkOrder() {
        // Chunk c's bytes hold sub-block 2c in the low nibble (value 1) and 2c+1 in the high nibble (value 2).
        let qs = [UInt8](repeating: 0x21, count: 128)
        let d: Float = 0.5, dmin: Float = 0.25
        let expected = (0..<256).map { j -> Float in
            let sub = j / 32
            let q: Float = sub % 2 == 0 ? 1 : 2
            return d * Float(kScales[sub]) * q - dmin * Float(kMins[sub])
        }
        check(half(d) + half(dmin) + packK4(scales: kScales, mins: kMins) + qs, .q4_K, expected)
    }

    @Test func q5_KFifthBitPerSubBlock() {
        // qh[l] bit j is the fifth bit of element l of sub-block j. Set bit j of qh[l] when (l + j) is odd.
        var qh = [UInt8](repeating: 0, count: 32)
        for l in 0..<32 {
            for j in 0..<8 where (l + j) % 2 == 1 { qh[l] |= UInt8(1) << UInt8(j) }
        }
        let qs = [UInt8](repeating: 0x21, count: 128)
        let expected = (0..<256).map { j -> Float in
            let sub = j / 32, l = j % 32
            let q = Float((sub % 2 == 0 ? 1 : 2) + ((l + sub) % 2 == 1 ? 16 : 0))
            return 1 * Float(kScales[sub]) * q - 2 * Float(kMins[sub])
        }
        check(half(1) + half(2) + packK4(scales: kScales, mins: kMins) + qh + qs, .q5_K, expected)
    }

    @Test func q6_KElementOrder() {
        // Give element e the 6-bit level (e·7 + 3) mod 64, encoded with the §2.2 table; scales[i] = i − 8; d = 0.5.
        func level(_ e: Int) -> UInt8 { UInt8((e * 7 + 3) % 64) }
        var ql = [UInt8](repeating: 0, count: 128), qh = [UInt8](repeating: 0, count: 64)
        for h in 0..<2 {
            for l in 0..<32 {
                let e = 128 * h + l
                let (q0, q1, q2, q3) = (level(e), level(e + 32), level(e + 64), level(e + 96))
                ql[64 * h + l] = (q0 & 0x0F) | (q2 & 0x0F) << 4
                ql[64 * h + l + 32] = (q1 & 0x0F) | (q3 & 0x0F) << 4
                qh[32 * h + l] = (q0 >> 4) | (q1 >> 4) << 2 | (q2 >> 4) << 4 | (q3 >> 4) << 6
            }
        }
        let scales = (0..<16).map { UInt8(bitPattern: Int8($0 - 8)) }
        let expected = (0..<256).map { e -> Float in
            let h = e / 128, r = (e % 128) / 32, l = e % 32
            let scale = Float(8 * h + 2 * r + l / 16 - 8)
            return 0.5 * scale * Float(Int(level(e)) - 32)
        }
        check(ql + qh + scales + half(0.5), .q6_K, expected)
    }

    @Test func floatFormats() {
        let values: [Float] = [0, 1, -2.5, 65504, 1e-3, -0.0, 3.140625, 100]
        check(values.flatMap { half($0) }, .f16, values.map { Float(Float16($0)) })
        let bf: [UInt8] = values.flatMap { v -> [UInt8] in
            let bits = UInt16(v.bitPattern >> 16)
            return [UInt8(bits & 0xFF), UInt8(bits >> 8)]
        }
        check(bf, .bf16, values.map { Float(bitPattern: $0.bitPattern & 0xFFFF_0000) })
    }
}
