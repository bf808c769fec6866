/// ggml's `ggml_table_gelu_f16`: for every f16 bit pattern, `gelu_tanh` of that value computed in f32 and rounded
/// to f16 (`0.5·x·(1 + tanhf(√(2/π)·x·(1 + 0.044715·x²)))`). Read by ``ggmlGELUMultiply(gate:up:count:into:)``.
final class GELUTable: Sendable {
    /// The table, built once.
    static let shared = GELUTable()

    /// `[65536]` f16 results, widened to f32.
    private let values: [Float]

    private init() {
        var values = [Float](repeating: 0, count: 65536)
        let sqrt2OverPi: Float = 0.797_884_560_802_865_355_879_892_119_868_76
        let coefA: Float = 0.044_715
        for bits in 0..<65536 {
            let x = Float(Float16(bitPattern: UInt16(bits)))
            guard x.isFinite else {
                values[bits] = x
                continue
            }
            let poly = Float(1).addingProduct(coefA * x, x)  // fmaf(coefA·x, x, 1)
            let gelu = 0.5 * x * (1 + tanhF(sqrt2OverPi * x * poly))
            values[bits] = Float(Float16(gelu))
        }
        self.values = values
    }

    /// The table entry for an f16 bit pattern.
    @inline(__always)
    func value(_ bits: UInt16) -> Float {
        values.withUnsafeBufferPointer { $0[Int(bits)] }
    }
}
