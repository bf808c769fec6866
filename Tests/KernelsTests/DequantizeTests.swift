import Kernels
import Testing

@Suite struct DequantizeTests {
    @Test(arguments: allFormats)
    func fastMatchesReference(format: WeightFormat) throws {
        let columns = testColumns(format, blocks: 5)
        let rows = try QuantizedRows(format: format, rows: 3, columns: columns, seed: 11)
        let reference = rows.referenceDequantized()
        var fast = [Float](repeating: .nan, count: reference.count)
        fast.withUnsafeMutableBufferPointer { y in
            for r in 0..<3 { rows.matrix.dequantizeRow(r, into: y.baseAddress! + r * columns) }
        }
        for i in reference.indices {
            #expect(fast[i] == reference[i], "\(format) element \(i)")
            if fast[i] != reference[i] { return }
        }
    }

    /// Round trip: reference-quantize random rows, dequantize, and compare with the input. The bound is the
    /// format's step: RMS error relative to the RMS of the data.
    @Test(arguments: allFormats)
    func roundTripErrorWithinFormatBound(format: WeightFormat) throws {
        let columns = testColumns(format, blocks: 8)
        let rows = try QuantizedRows(format: format, rows: 4, columns: columns, seed: 29, scale: 1)
        let back = rows.referenceDequantized()
        var errorSquares = 0.0, signalSquares = 0.0
        for i in back.indices {
            let e = Double(back[i] - rows.original[i])
            errorSquares += e * e
            signalSquares += Double(rows.original[i]) * Double(rows.original[i])
        }
        let relative = (errorSquares / signalSquares).squareRoot()
        // Bounds: the measured error of this seeded data (outliers and scaled blocks included) plus about 25%.
        let bound: Double =
            switch format {
            case .f32: 0
            case .f16: 3e-4
            case .bf16: 2.5e-3
            case .q8_0: 0.0125
            case .q6_K: 0.03
            case .q5_K: 0.055
            case .q5_1: 0.065
            case .q5_0: 0.1
            case .q4_K: 0.11
            case .q4_1: 0.14
            case .q4_0: 0.2
            }
        #expect(relative <= bound, "\(format): relative RMS error \(relative) > \(bound)")
        // Not trivially zero for the lossy formats.
        if format != .f32 { #expect(relative > 0) }
    }

    @Test func f16RowConversionsRoundTrip() {
        var rng = SeededRandom(seed: 5)
        let x = rng.values(203)
        var half = [UInt16](repeating: 0, count: x.count)
        var back = [Float](repeating: 0, count: x.count)
        convertToHalf(x, count: x.count, into: &half)
        convertFromHalf(half, count: x.count, into: &back)
        for i in x.indices {
            #expect(half[i] == Float16(x[i]).bitPattern, "element \(i)")
            #expect(back[i] == Float(Float16(x[i])), "element \(i)")
        }
    }
}
