import GGUF
import Kernels

/// Looks tensors up by name in a GGUF file, checks their shape and type, and hands out views of the mmapped data
/// (matrices stay in their block format). Vectors (norm weights, biases) are used as f32: stored f32 data is used
/// in place, anything else is dequantized once into memory the binder owns.
///
/// Shapes are written innermost dimension first, as GGUF lists them: a linear layer from `n` inputs to `m` outputs
/// is `[n, m]` (m rows of n elements).
final class WeightBinder {
    /// The model file; its mapping must outlive every view handed out.
    let file: GGUFFile
    /// Memory of dequantized vectors, freed by ``Weights``.
    private(set) var owned: [UnsafeMutablePointer<Float>] = []

    init(file: GGUFFile) {
        self.file = file
    }

    /// A required matrix of `rows` rows of `columns` elements (shape `[columns, rows]`).
    func matrix(_ name: String, columns: Int, rows: Int) throws(TransformerError) -> WeightMatrix {
        guard let info = file.tensor(named: name) else { throw .missingTensor(name: name) }
        return try matrix(info, columns: columns, rows: rows)
    }

    /// An optional matrix: `nil` when the file has no tensor of that name.
    func optionalMatrix(_ name: String, columns: Int, rows: Int) throws(TransformerError) -> WeightMatrix? {
        guard let info = file.tensor(named: name) else { return nil }
        return try matrix(info, columns: columns, rows: rows)
    }

    /// A required vector of `count` values.
    func vector(_ name: String, count: Int) throws(TransformerError) -> FloatVector {
        guard let info = file.tensor(named: name) else { throw .missingTensor(name: name) }
        return try vector(info, count: count)
    }

    /// An optional vector: `nil` when the file has no tensor of that name.
    func optionalVector(_ name: String, count: Int) throws(TransformerError) -> FloatVector? {
        guard let info = file.tensor(named: name) else { return nil }
        return try vector(info, count: count)
    }

    /// The number of rows of a matrix as stored (`shape[1]`), for dimensions the metadata may not state (the
    /// vocabulary size).
    func rowCount(of name: String) throws(TransformerError) -> Int {
        guard let info = file.tensor(named: name) else { throw .missingTensor(name: name) }
        guard info.shape.count == 2 else {
            throw .wrongShape(tensor: name, expected: [info.shape.first ?? 0, -1], actual: info.shape)
        }
        return info.shape[1]
    }

    private func matrix(_ info: GGUFTensorInfo, columns: Int, rows: Int) throws(TransformerError) -> WeightMatrix {
        let expected = [columns, rows]
        guard Self.sameShape(info.shape, expected) else {
            throw .wrongShape(tensor: info.name, expected: expected, actual: info.shape)
        }
        let format = try Self.format(of: info)
        let data = file.data(for: info)
        guard let base = data.baseAddress, data.count >= (format.rowBytes(columns: columns) ?? Int.max) * rows else {
            throw .invalidTensor(name: info.name, reason: "holds \(data.count) bytes, too few for its shape")
        }
        do {
            return try WeightMatrix(format: format, rows: rows, columns: columns, base: base)
        } catch {
            throw .invalidTensor(name: info.name, reason: "\(error)")
        }
    }

    private func vector(_ info: GGUFTensorInfo, count: Int) throws(TransformerError) -> FloatVector {
        guard Self.sameShape(info.shape, [count]) else {
            throw .wrongShape(tensor: info.name, expected: [count], actual: info.shape)
        }
        let format = try Self.format(of: info)
        let data = file.data(for: info)
        guard let base = data.baseAddress, count % format.blockElements == 0,
              let bytes = format.rowBytes(columns: count), data.count >= bytes
        else {
            throw .invalidTensor(name: info.name, reason: "\(info.type) data does not hold \(count) values")
        }
        if format == .f32, Int(bitPattern: base) % MemoryLayout<Float>.alignment == 0 {
            return FloatVector(base: base.assumingMemoryBound(to: Float.self), count: count)
        }
        let copy = UnsafeMutablePointer<Float>.allocate(capacity: count)
        dequantize(base, format: format, count: count, into: copy)
        owned.append(copy)
        return FloatVector(base: UnsafePointer(copy), count: count)
    }

    /// The kernel format of a tensor, or an error naming the tensor.
    private static func format(of info: GGUFTensorInfo) throws(TransformerError) -> WeightFormat {
        guard let format = WeightFormat(ggmlTypeID: info.type.rawValue) else {
            throw .unsupportedTensorType(tensor: info.name, type: info.type.name)
        }
        return format
    }

    /// Shapes are equal up to trailing 1s (`[n]` and `[n, 1]` are the same vector).
    private static func sameShape(_ actual: [Int], _ expected: [Int]) -> Bool {
        func trimmed(_ s: [Int]) -> ArraySlice<Int> {
            var s = s[...]
            while s.count > 1, s.last == 1 { s = s.dropLast() }
            return s
        }
        return trimmed(actual) == trimmed(expected)
    }
}

/// A read-only f32 vector (a norm weight or a bias) inside the model mapping or memory owned by ``Weights``.
struct FloatVector: @unchecked Sendable {
    /// `[count]` floats.
    let base: UnsafePointer<Float>
    /// Number of elements.
    let count: Int
}
