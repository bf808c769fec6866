/// One entry of a GGUF tensor index.
public struct GGUFTensorInfo: Sendable, Hashable {
    public let name: String
    /// Dimensions innermost first: `shape[0]` is the contiguous row length (ggml `ne[0]`).
    public let shape: [Int]
    public let type: GGMLType
    /// Offset of the data from the start of the tensor data section (a multiple of the file's alignment).
    public let offset: Int
    /// Size of the data in bytes.
    public let byteCount: Int

    public init(name: String, shape: [Int], type: GGMLType, offset: Int, byteCount: Int) {
        self.name = name
        self.shape = shape
        self.type = type
        self.offset = offset
        self.byteCount = byteCount
    }

    /// Total number of elements.
    public var elementCount: Int { shape.reduce(1, *) }

    /// Number of rows: the product of every dimension but the first.
    public var rowCount: Int { shape.dropFirst().reduce(1, *) }

    /// Length of a row (`shape[0]`).
    public var rowLength: Int { shape.first ?? 1 }

    /// Bytes per row.
    public var rowBytes: Int { rowLength / type.blockElements * type.blockBytes }
}
