public import GGUF
import Foundation

/// Builds GGUF files in memory: metadata in insertion order, tensors with their raw (already encoded) bytes, and the
/// alignment padding the format requires. Used for synthetic test models and for corrupting files on purpose.
public struct GGUFWriter: Sendable {
    public var version: UInt32 = 3
    public var alignment: Int = 32
    public private(set) var metadata: [(String, GGUFValue)] = []
    public private(set) var tensors: [(name: String, shape: [Int], type: GGMLType, data: [UInt8])] = []

    public init(version: UInt32 = 3, alignment: Int = 32) {
        self.version = version
        self.alignment = alignment
    }

    /// Adds a metadata entry (written in the order added).
    public mutating func set(_ key: String, _ value: GGUFValue) {
        metadata.append((key, value))
    }

    /// Adds a tensor; `shape` is innermost first and `data` holds exactly its encoded bytes.
    public mutating func addTensor(_ name: String, shape: [Int], type: GGMLType, data: [UInt8]) {
        tensors.append((name, shape, type, data))
    }

    /// Adds an F32 tensor.
    public mutating func addTensor(_ name: String, shape: [Int], floats: [Float]) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(floats.count * 4)
        for f in floats { withUnsafeBytes(of: f.bitPattern.littleEndian) { bytes.append(contentsOf: $0) } }
        addTensor(name, shape: shape, type: .f32, data: bytes)
    }

    /// The encoded file.
    public func encoded() -> [UInt8] {
        var out: [UInt8] = []
        out.append(contentsOf: Array("GGUF".utf8))
        put(version, &out)
        put(UInt64(tensors.count), &out)
        var allMeta = metadata
        if alignment != 32, !metadata.contains(where: { $0.0 == "general.alignment" }) {
            allMeta.append(("general.alignment", .uint32(UInt32(alignment))))
        }
        put(UInt64(allMeta.count), &out)
        for (key, value) in allMeta {
            putString(key, &out)
            put(value.type.rawValue, &out)
            putValue(value, &out)
        }
        var offset = 0
        var offsets: [Int] = []
        for t in tensors {
            offsets.append(offset)
            offset += (t.data.count + alignment - 1) / alignment * alignment
        }
        for (t, off) in zip(tensors, offsets) {
            putString(t.name, &out)
            put(UInt32(t.shape.count), &out)
            for d in t.shape { put(UInt64(d), &out) }
            put(t.type.rawValue, &out)
            put(UInt64(off), &out)
        }
        pad(&out)
        for t in tensors {
            out.append(contentsOf: t.data)
            pad(&out)
        }
        return out
    }

    /// Writes the encoded file to `path`.
    public func write(to path: String) throws {
        try Data(encoded()).write(to: URL(fileURLWithPath: path))
    }

    private func pad(_ out: inout [UInt8]) {
        while out.count % alignment != 0 { out.append(0) }
    }

    private func put<T: FixedWidthInteger>(_ v: T, _ out: inout [UInt8]) {
        withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) }
    }

    private func putString(_ s: String, _ out: inout [UInt8]) {
        put(UInt64(s.utf8.count), &out)
        out.append(contentsOf: Array(s.utf8))
    }

    private func putValue(_ v: GGUFValue, _ out: inout [UInt8]) {
        switch v {
        case .uint8(let x): put(x, &out)
        case .int8(let x): put(x, &out)
        case .uint16(let x): put(x, &out)
        case .int16(let x): put(x, &out)
        case .uint32(let x): put(x, &out)
        case .int32(let x): put(x, &out)
        case .uint64(let x): put(x, &out)
        case .int64(let x): put(x, &out)
        case .float32(let x): put(x.bitPattern, &out)
        case .float64(let x): put(x.bitPattern, &out)
        case .bool(let b): out.append(b ? 1 : 0)
        case .string(let s): putString(s, &out)
        case .array(let type, let items):
            put(type.rawValue, &out)
            put(UInt64(items.count), &out)
            for item in items { putValue(item, &out) }
        }
    }
}
