import Foundation
import Kernels
import Testing

/// A small seeded generator (SplitMix64) so every test run sees the same "random" data.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A standard-normal sample (Box–Muller).
    mutating func normal() -> Float {
        let u = Double.random(in: Double.ulpOfOne..<1, using: &self)
        let v = Double.random(in: 0..<1, using: &self)
        return Float((-2 * log(u)).squareRoot() * cos(2 * Double.pi * v))
    }

    /// `count` values shaped like weights or activations: normal with a few large outliers, some blocks scaled
    /// up or down, and occasional exact zeros.
    mutating func values(_ count: Int, scale: Float = 1) -> [Float] {
        var out = (0..<count).map { _ in normal() * scale }
        for i in stride(from: 0, to: count, by: 32) where Int.random(in: 0..<5, using: &self) == 0 {
            let factor: Float = Bool.random(using: &self) ? 8 : 0.05
            for j in i..<min(count, i + 32) { out[j] *= factor }
        }
        for _ in 0..<max(1, count / 100) { out[Int.random(in: 0..<count, using: &self)] *= 6 }
        for _ in 0..<max(1, count / 200) { out[Int.random(in: 0..<count, using: &self)] = 0 }
        return out
    }
}

/// Quantized weight rows built with the reference quantizer, kept alive with their bytes.
final class QuantizedRows {
    let format: WeightFormat
    let rows: Int
    let columns: Int
    let original: [Float]
    let bytes: UnsafeMutableRawPointer
    let matrix: WeightMatrix

    init(format: WeightFormat, rows: Int, columns: Int, seed: UInt64, scale: Float = 0.05) throws {
        self.format = format
        self.rows = rows
        self.columns = columns
        var rng = SeededRandom(seed: seed)
        original = rng.values(rows * columns, scale: scale)
        let rowBytes = try #require(format.rowBytes(columns: columns))
        let storage = UnsafeMutableRawPointer.allocate(byteCount: max(1, rows * rowBytes), alignment: 64)
        original.withUnsafeBufferPointer { x in
            for r in 0..<rows {
                quantizeReference(x.baseAddress! + r * columns, count: columns, format: format,
                                  into: storage + r * rowBytes)
            }
        }
        bytes = storage
        matrix = try WeightMatrix(format: format, rows: rows, columns: columns, base: storage)
    }

    deinit { bytes.deallocate() }

    /// All rows dequantized with the reference twin: `[rows][columns]`.
    func referenceDequantized() -> [Float] {
        var out = [Float](repeating: 0, count: rows * columns)
        out.withUnsafeMutableBufferPointer { y in
            for r in 0..<rows {
                Reference.dequantize(matrix.base + r * matrix.rowBytes, format: format, count: columns,
                                     into: y.baseAddress! + r * columns)
            }
        }
        return out
    }
}

/// Every weight format.
let allFormats: [WeightFormat] = WeightFormat.allCases

/// A row length that is a few blocks of `format`.
func testColumns(_ format: WeightFormat, blocks: Int = 3) -> Int {
    format.blockElements == 1 ? 8 * blocks * 4 + 5 : format.blockElements * blocks
}
