/// GPT-2's reversible byte ↔ code point mapping used by byte-level BPE vocabularies: printable
/// bytes 33–126, 161–172 and 174–255 stand for themselves, the other 68 bytes map to U+0100 onwards in byte order
/// (space → `Ġ` U+0120, newline → `Ċ` U+010A).
enum ByteUnicode {
    /// The code point standing for each byte. [256]
    static let scalarForByte: [UInt32] = {
        var map = [UInt32](repeating: 0, count: 256)
        var next: UInt32 = 256
        for byte in 0..<256 {
            if isSelfMapped(UInt8(byte)) {
                map[byte] = UInt32(byte)
            } else {
                map[byte] = next
                next += 1
            }
        }
        return map
    }()

    /// The UTF-8 encoding of each byte's code point (1 or 2 bytes). [256]
    static let utf8ForByte: [[UInt8]] = scalarForByte.map { scalar in
        Array(String(Character(Unicode.Scalar(scalar) ?? " ")).utf8)
    }

    /// The byte a code point stands for, or `nil` if it is not part of the mapping.
    static func byte(for scalar: UInt32) -> UInt8? {
        if scalar < 256, isSelfMapped(UInt8(scalar)) { return UInt8(scalar) }
        guard scalar >= 256, scalar < 256 + 68 else { return nil }
        return byteForShifted[Int(scalar - 256)]
    }

    /// Bytes in the order they were given code points U+0100 … U+0143. [68]
    private static let byteForShifted: [UInt8] = (0..<256).compactMap { byte in
        isSelfMapped(UInt8(byte)) ? nil : UInt8(byte)
    }

    @inline(__always)
    private static func isSelfMapped(_ byte: UInt8) -> Bool {
        (0x21...0x7E).contains(byte) || (0xA1...0xAC).contains(byte) || (0xAE...0xFF).contains(byte)
    }

    /// Decodes a vocabulary string written in the mapping back to raw bytes. A code point outside the mapping (not
    /// produced by a real converter) is kept as its own UTF-8.
    static func decode(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            if let byte = byte(for: scalar.value) {
                out.append(byte)
            } else {
                out.append(contentsOf: String(Character(scalar)).utf8)
            }
        }
        return out
    }
}
