extension Reference {
    /// Element `j` of a row stored in `format` at `row`, decoded on its own from the bit layout.
    public static func element(_ j: Int, of row: UnsafeRawPointer, format: WeightFormat) -> Float {
        func byte(_ offset: Int) -> UInt8 { row.load(fromByteOffset: offset, as: UInt8.self) }
        func half(_ offset: Int) -> Float {
            Float(Float16(bitPattern: UInt16(byte(offset)) | UInt16(byte(offset + 1)) << 8))
        }
        func word(_ offset: Int) -> UInt32 {
            UInt32(byte(offset)) | UInt32(byte(offset + 1)) << 8 | UInt32(byte(offset + 2)) << 16
                | UInt32(byte(offset + 3)) << 24
        }
        let base = j / format.blockElements * format.blockBytes
        let i = j % format.blockElements
        // 4-bit field of element i < 32 in a 16-byte nibble array at `qs`.
        func nibble(_ qs: Int) -> Int { i < 16 ? Int(byte(qs + i) & 0x0F) : Int(byte(qs + i - 16) >> 4) }
        switch format {
        case .f32:
            return Float(bitPattern: word(base))
        case .f16:
            return half(base)
        case .bf16:
            return Float(bitPattern: (UInt32(byte(base)) | UInt32(byte(base + 1)) << 8) << 16)
        case .q4_0:
            return Float(nibble(base + 2) - 8) * half(base)
        case .q4_1:
            return Float(nibble(base + 4)) * half(base) + half(base + 2)
        case .q5_0:
            let q = nibble(base + 6) | Int((word(base + 2) >> UInt32(i)) & 1) << 4
            return Float(q - 16) * half(base)
        case .q5_1:
            let q = nibble(base + 8) | Int((word(base + 4) >> UInt32(i)) & 1) << 4
            return Float(q) * half(base) + half(base + 2)
        case .q8_0:
            return Float(Int8(bitPattern: byte(base + 2 + i))) * half(base)
        case .q4_K, .q5_K:
            let sub = i / 32, l = i % 32
            let qsOffset = format == .q4_K ? 16 : 48
            let packed = byte(base + qsOffset + 32 * (sub / 2) + l)
            var q = Int(sub % 2 == 0 ? packed & 0x0F : packed >> 4)
            if format == .q5_K { q |= Int((byte(base + 16 + l) >> UInt8(sub)) & 1) << 4 }
            let (sc, m) = scaleAndMin(sub, scales: base + 4, byte)
            return half(base) * Float(sc) * Float(q) - half(base + 2) * Float(m)
        case .q6_K:
            let h = i / 128, r = (i % 128) / 32, l = i % 32
            let lowByte = byte(base + 64 * h + l + 32 * (r % 2))
            let low = Int(r < 2 ? lowByte & 0x0F : lowByte >> 4)
            let high = Int((byte(base + 128 + 32 * h + l) >> UInt8(2 * r)) & 3)
            let scale = Int8(bitPattern: byte(base + 192 + 8 * h + 2 * r + l / 16))
            return half(base + 208) * Float(scale) * Float((low | high << 4) - 32)
        }
    }

    /// The 6-bit scale and min of sub-block `j` (0…7) from the 12 bytes at `scales` (ggml's `get_scale_min_k4`).
    static func scaleAndMin(_ j: Int, scales: Int, _ byte: (Int) -> UInt8) -> (Int, Int) {
        if j < 4 {
            return (Int(byte(scales + j) & 63), Int(byte(scales + j + 4) & 63))
        }
        let scale = Int(byte(scales + j + 4) & 0x0F) | Int(byte(scales + j - 4) >> 6) << 4
        let min = Int(byte(scales + j + 4) >> 4) | Int(byte(scales + j) >> 6) << 4
        return (scale, min)
    }

    /// Dequantizes `count` elements element by element.
    public static func dequantize(
        _ src: UnsafeRawPointer, format: WeightFormat, count: Int, into dst: UnsafeMutablePointer<Float>
    ) {
        for j in 0..<count { dst[j] = element(j, of: src, format: format) }
    }
}
