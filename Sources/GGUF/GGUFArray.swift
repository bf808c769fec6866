/// The elements of a GGUF array value, stored compactly by element type.
///
/// Strings are kept as `[String]` and numbers and booleans as their raw little-endian bytes, so that a tokenizer's
/// vocabulary costs about what the file spends on it: a 262k-token vocabulary (tokens, scores, types) takes ~6 MB
/// here, against ~19 MB as `[GGUFValue]` (24 bytes per element) and ~44 MB as boxed values. Elements are decoded
/// into `GGUFValue`s only when read one by one; `strings`, `floats()` and `ints()` read a whole array at once.
public struct GGUFArray: Sendable, Hashable, RandomAccessCollection {
    enum Storage: Sendable, Hashable {
        /// `[count]` strings (element type `.string`).
        case strings([String])
        /// `[count × size]` little-endian bytes (fixed-size element types).
        case packed([UInt8])
        /// Nested arrays.
        case values([GGUFValue])
    }

    /// Type tag of the elements.
    public let elementType: GGUFValueType
    let storage: Storage
    public let count: Int

    init(elementType: GGUFValueType, storage: Storage, count: Int) {
        self.elementType = elementType
        self.storage = storage
        self.count = count
    }

    /// An array of `values`, which must all have type `elementType` (values of another type are dropped).
    public init(elementType: GGUFValueType, _ values: [GGUFValue]) {
        self.elementType = elementType
        let kept = values.filter { $0.type == elementType }
        count = kept.count
        switch elementType {
        case .string:
            storage = .strings(kept.compactMap(\.stringValue))
        case .array:
            storage = .values(kept)
        default:
            var bytes: [UInt8] = []
            bytes.reserveCapacity(kept.count * (elementType.fixedSize ?? 0))
            for v in kept { v.appendBytes(to: &bytes) }
            storage = .packed(bytes)
        }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    public subscript(i: Int) -> GGUFValue {
        switch storage {
        case .strings(let s): return .string(s[i])
        case .values(let v): return v[i]
        case .packed(let bytes):
            let size = elementType.fixedSize ?? 1
            return bytes.withUnsafeBytes { GGUFValue.decode(elementType, from: $0, at: i * size) }
        }
    }

    /// The elements when they are strings (no copy: the array is shared).
    public var strings: [String]? {
        if case .strings(let s) = storage { return s }
        return nil
    }

    /// The elements as `Float` when they are numbers (integers and doubles converted), else nil.
    public func floats() -> [Float]? {
        guard case .packed(let bytes) = storage, elementType != .bool else { return nil }
        if elementType == .float32 {
            return [Float](unsafeUninitializedCapacity: count) { out, n in
                bytes.withUnsafeBytes { raw in
                    for i in 0..<count {
                        out[i] = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
                    }
                }
                n = count
            }
        }
        var out: [Float] = []
        out.reserveCapacity(count)
        for v in self {
            guard let d = v.doubleValue else { return nil }
            out.append(Float(d))
        }
        return out
    }

    /// The elements as `Int` when they are all integers that fit, else nil.
    public func ints() -> [Int]? {
        guard case .packed = storage else { return nil }
        var out: [Int] = []
        out.reserveCapacity(count)
        for v in self {
            guard let i = v.intValue else { return nil }
            out.append(i)
        }
        return out
    }
}

extension GGUFValue {
    /// Decodes one fixed-size value of `type` at byte `offset` (the caller checked the bounds).
    static func decode(_ type: GGUFValueType, from raw: UnsafeRawBufferPointer, at offset: Int) -> GGUFValue {
        func load<T: FixedWidthInteger>(_: T.Type) -> T { T(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: T.self)) }
        switch type {
        case .uint8: return .uint8(load(UInt8.self))
        case .int8: return .int8(load(Int8.self))
        case .uint16: return .uint16(load(UInt16.self))
        case .int16: return .int16(load(Int16.self))
        case .uint32: return .uint32(load(UInt32.self))
        case .int32: return .int32(load(Int32.self))
        case .uint64: return .uint64(load(UInt64.self))
        case .int64: return .int64(load(Int64.self))
        case .float32: return .float32(Float(bitPattern: load(UInt32.self)))
        case .float64: return .float64(Double(bitPattern: load(UInt64.self)))
        case .bool: return .bool(load(UInt8.self) != 0)
        case .string, .array: return .bool(false)  // not fixed-size: never stored packed
        }
    }

    /// Appends the little-endian bytes of a fixed-size value.
    func appendBytes(to bytes: inout [UInt8]) {
        func put<T: FixedWidthInteger>(_ v: T) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
        switch self {
        case .uint8(let v): put(v)
        case .int8(let v): put(v)
        case .uint16(let v): put(v)
        case .int16(let v): put(v)
        case .uint32(let v): put(v)
        case .int32(let v): put(v)
        case .uint64(let v): put(v)
        case .int64(let v): put(v)
        case .float32(let v): put(v.bitPattern)
        case .float64(let v): put(v.bitPattern)
        case .bool(let v): put(UInt8(v ? 1 : 0))
        case .string, .array: break
        }
    }
}

extension GGUFValue {
    /// An array value of `elementType` holding `values` (for writers and tests; see ``GGUFArray/init(elementType:_:)``).
    public static func array(_ elementType: GGUFValueType, _ values: [GGUFValue]) -> GGUFValue {
        .array(elementType, GGUFArray(elementType: elementType, values))
    }
}
