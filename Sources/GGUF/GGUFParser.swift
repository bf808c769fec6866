/// Parses the header, metadata and tensor index of a GGUF file (versions 2 and 3, little-endian).
struct GGUFParser {
    static let magic: UInt32 = 0x4655_4747  // "GGUF" read as a little-endian u32
    /// Deepest array nesting accepted (real files use 1).
    static let maxArrayDepth = 8
    /// Most dimensions a tensor may have (ggml's GGML_MAX_DIMS).
    static let maxDims = 4

    struct Result {
        var version: UInt32
        var metadata: GGUFMetadata
        var tensors: [GGUFTensorInfo]
        var alignment: Int
        var dataOffset: Int
    }

    static func parse(_ bytes: UnsafeRawBufferPointer, path: String) throws(GGUFError) -> Result {
        var c = ByteCursor(bytes: bytes, path: path)
        guard c.remaining >= 4 else { throw c.error(.truncated, "file is \(c.remaining) bytes, too short for a header") }
        let magic = try c.read(UInt32.self, "magic")
        guard magic == Self.magic else {
            throw c.error(.badMagic, "not a GGUF file (magic bytes are not \"GGUF\")", at: 0)
        }
        let version = try c.read(UInt32.self, "version")
        guard version == 2 || version == 3 else {
            if version.byteSwapped == 2 || version.byteSwapped == 3 {
                throw c.error(.unsupportedVersion(version), "big-endian GGUF files are not supported", at: 4)
            }
            throw c.error(.unsupportedVersion(version), "unsupported GGUF version \(version) (2 and 3 are)", at: 4)
        }
        let tensorCount = try c.read(UInt64.self, "tensor count")
        let kvCount = try c.read(UInt64.self, "metadata count")
        // Each metadata entry takes at least 12 bytes and each tensor entry at least 24: reject impossible counts
        // before allocating anything for them.
        guard kvCount <= UInt64(c.remaining / 12) else {
            throw c.error(.truncated, "metadata count \(kvCount) cannot fit in the file", at: 16)
        }
        guard tensorCount <= UInt64(c.remaining / 24) else {
            throw c.error(.truncated, "tensor count \(tensorCount) cannot fit in the file", at: 8)
        }

        var metadata = GGUFMetadata()
        for i in 0..<Int(kvCount) {
            let keyOffset = c.offset
            let key = try c.readString("metadata key #\(i)")
            let rawType = try c.read(UInt32.self, "type of \(key)")
            guard let type = GGUFValueType(rawValue: rawType) else {
                throw c.error(.badValue, "metadata \"\(key)\" has unknown value type \(rawType)", at: c.offset - 4)
            }
            let value = try readValue(&c, type: type, key: key, depth: 0)
            if metadata[key] != nil {
                throw c.error(.badValue, "metadata key \"\(key)\" appears twice", at: keyOffset)
            }
            metadata.set(key, value)
        }

        var alignment = 32
        if let a = metadata["general.alignment"] {
            guard let v = a.intValue, v > 0, v & (v - 1) == 0, v <= 1 << 20 else {
                throw c.error(.badValue, "general.alignment must be a power of two, got \(a)", at: nil)
            }
            alignment = v
        }

        var tensors: [GGUFTensorInfo] = []
        tensors.reserveCapacity(Int(tensorCount))
        var names = Set<String>()
        for i in 0..<Int(tensorCount) {
            let at = c.offset
            let info = try readTensorInfo(&c, index: i)
            guard names.insert(info.name).inserted else {
                throw c.error(.badTensor, "tensor \"\(info.name)\" appears twice in the index", at: at)
            }
            tensors.append(info)
        }

        let dataOffset = (c.offset + alignment - 1) / alignment * alignment
        try validateData(tensors, dataOffset: dataOffset, fileSize: bytes.count, alignment: alignment, path: path)
        return Result(version: version, metadata: metadata, tensors: tensors, alignment: alignment, dataOffset: dataOffset)
    }

    static func readValue(_ c: inout ByteCursor, type: GGUFValueType, key: String, depth: Int) throws(GGUFError)
        -> GGUFValue
    {
        switch type {
        case .uint8: return .uint8(try c.read(UInt8.self, key))
        case .int8: return .int8(try c.read(Int8.self, key))
        case .uint16: return .uint16(try c.read(UInt16.self, key))
        case .int16: return .int16(try c.read(Int16.self, key))
        case .uint32: return .uint32(try c.read(UInt32.self, key))
        case .int32: return .int32(try c.read(Int32.self, key))
        case .uint64: return .uint64(try c.read(UInt64.self, key))
        case .int64: return .int64(try c.read(Int64.self, key))
        case .float32: return .float32(try c.readFloat(key))
        case .float64: return .float64(try c.readDouble(key))
        case .string: return .string(try c.readString(key))
        case .bool:
            let at = c.offset
            let b = try c.read(UInt8.self, key)
            guard b <= 1 else { throw c.error(.badValue, "metadata \"\(key)\": bool byte is \(b), not 0 or 1", at: at) }
            return .bool(b == 1)
        case .array:
            guard depth < maxArrayDepth else {
                throw c.error(.badValue, "metadata \"\(key)\": arrays nested deeper than \(maxArrayDepth)")
            }
            let rawType = try c.read(UInt32.self, "element type of \(key)")
            guard let elementType = GGUFValueType(rawValue: rawType) else {
                throw c.error(.badValue, "metadata \"\(key)\": unknown array element type \(rawType)", at: c.offset - 4)
            }
            let countAt = c.offset
            let count = try c.read(UInt64.self, "length of \(key)")
            // Strings take ≥ 8 bytes, arrays ≥ 12; a count that cannot fit is corrupt.
            let minSize = elementType.fixedSize ?? (elementType == .string ? 8 : 12)
            guard count <= UInt64(c.remaining / minSize) else {
                throw c.error(.truncated, "metadata \"\(key)\": array of \(count) runs past the end of the file", at: countAt)
            }
            let n = Int(count)
            switch elementType {
            case .string:
                var strings: [String] = []
                strings.reserveCapacity(n)
                for _ in 0..<n { strings.append(try c.readString(key)) }
                return .array(elementType, GGUFArray(elementType: elementType, storage: .strings(strings), count: n))
            case .array:
                var items: [GGUFValue] = []
                items.reserveCapacity(n)
                for _ in 0..<n { items.append(try readValue(&c, type: elementType, key: key, depth: depth + 1)) }
                return .array(elementType, GGUFArray(elementType: elementType, storage: .values(items), count: n))
            default:
                // Fixed-size elements: the count check above keeps `size × n` inside the file.
                let size = elementType.fixedSize ?? 1
                let at = c.offset
                try c.need(size * n, "metadata \"\(key)\"")
                let raw = UnsafeRawBufferPointer(rebasing: c.bytes[at..<at + size * n])
                if elementType == .bool, let i = raw.firstIndex(where: { $0 > 1 }) {
                    throw c.error(.badValue, "metadata \"\(key)\": bool byte is \(raw[i]), not 0 or 1", at: at + i)
                }
                c.offset += size * n
                return .array(elementType, GGUFArray(elementType: elementType, storage: .packed(Array(raw)), count: n))
            }
        }
    }

    static func readTensorInfo(_ c: inout ByteCursor, index: Int) throws(GGUFError) -> GGUFTensorInfo {
        let at = c.offset
        let name = try c.readString("name of tensor #\(index)")
        let nDims = try c.read(UInt32.self, "dimension count of \(name)")
        guard nDims >= 1, nDims <= UInt32(maxDims) else {
            throw c.error(.badTensor, "tensor \"\(name)\" has \(nDims) dimensions (1 to \(maxDims) allowed)", at: at)
        }
        var shape: [Int] = []
        var elements: UInt64 = 1
        for d in 0..<Int(nDims) {
            let n = try c.read(UInt64.self, "dimension \(d) of \(name)")
            guard n <= UInt64(Int32.max) else {
                throw c.error(.badTensor, "tensor \"\(name)\": dimension \(d) is \(n), too large", at: c.offset - 8)
            }
            let (product, overflow) = elements.multipliedReportingOverflow(by: n)
            guard !overflow, product <= UInt64(1) << 48 else {
                throw c.error(.badTensor, "tensor \"\(name)\": element count overflows", at: at)
            }
            elements = product
            shape.append(Int(n))
        }
        let rawType = try c.read(UInt32.self, "type of \(name)")
        guard let type = GGMLType(rawValue: rawType) else {
            throw c.error(.unknownTensorType(rawType), "tensor \"\(name)\" has unknown type id \(rawType)", at: c.offset - 4)
        }
        let offset = try c.read(UInt64.self, "offset of \(name)")
        guard offset <= UInt64(Int.max / 2) else {
            throw c.error(.badTensor, "tensor \"\(name)\": offset \(offset) is past any file", at: c.offset - 8)
        }
        guard shape[0] % type.blockElements == 0 else {
            throw c.error(.badTensor,
                "tensor \"\(name)\": row length \(shape[0]) is not a multiple of the \(type) block (\(type.blockElements))",
                at: at)
        }
        let byteCount = Int(elements) / type.blockElements * type.blockBytes
        return GGUFTensorInfo(name: name, shape: shape, type: type, offset: Int(offset), byteCount: byteCount)
    }

    /// Checks every tensor's data lies inside the data section, is aligned and overlaps no other tensor.
    static func validateData(
        _ tensors: [GGUFTensorInfo], dataOffset: Int, fileSize: Int, alignment: Int, path: String
    ) throws(GGUFError) {
        guard dataOffset <= fileSize || tensors.isEmpty else {
            throw GGUFError(.truncated, path: path, offset: fileSize, "file ends before the tensor data section at \(dataOffset)")
        }
        let dataSize = fileSize - dataOffset
        for t in tensors {
            guard t.offset % alignment == 0 else {
                throw GGUFError(.badTensor, path: path, offset: dataOffset + t.offset,
                    "tensor \"\(t.name)\": data offset \(t.offset) is not a multiple of the alignment \(alignment)")
            }
            guard t.offset + t.byteCount <= dataSize else {
                throw GGUFError(.truncated, path: path, offset: dataOffset + t.offset,
                    "tensor \"\(t.name)\": \(t.byteCount) bytes at data offset \(t.offset) run past the end of the file")
            }
        }
        let sorted = tensors.sorted { $0.offset < $1.offset }
        for (a, b) in zip(sorted, sorted.dropFirst()) where a.offset + a.byteCount > b.offset {
            throw GGUFError(.badTensor, path: path, offset: dataOffset + b.offset,
                "tensor \"\(b.name)\" overlaps the data of \"\(a.name)\"")
        }
    }
}
