/// A bounds-checked little-endian reader over a byte buffer. Every read checks the remaining length first, so a
/// corrupt file can only produce an error, never an out-of-bounds read.
struct ByteCursor {
    let bytes: UnsafeRawBufferPointer
    let path: String
    var offset: Int = 0

    init(bytes: UnsafeRawBufferPointer, path: String) {
        self.bytes = bytes
        self.path = path
    }

    var remaining: Int { bytes.count - offset }

    func error(_ kind: GGUFError.Kind, _ message: String, at: Int? = nil) -> GGUFError {
        GGUFError(kind, path: path, offset: at ?? offset, message)
    }

    mutating func need(_ n: Int, _ what: @autoclosure () -> String) throws(GGUFError) {
        guard n >= 0, n <= remaining else {
            throw error(.truncated, "\(what()) needs \(n) bytes but only \(remaining) remain")
        }
    }

    mutating func read<T: FixedWidthInteger>(_: T.Type, _ what: @autoclosure () -> String) throws(GGUFError) -> T {
        try need(MemoryLayout<T>.size, what())
        let v = bytes.loadUnaligned(fromByteOffset: offset, as: T.self)
        offset += MemoryLayout<T>.size
        return T(littleEndian: v)
    }

    mutating func readFloat(_ what: @autoclosure () -> String) throws(GGUFError) -> Float {
        Float(bitPattern: try read(UInt32.self, what()))
    }

    mutating func readDouble(_ what: @autoclosure () -> String) throws(GGUFError) -> Double {
        Double(bitPattern: try read(UInt64.self, what()))
    }

    /// A gguf string: u64 length, then that many UTF-8 bytes (invalid UTF-8 is repaired with U+FFFD).
    mutating func readString(_ what: @autoclosure () -> String) throws(GGUFError) -> String {
        let start = offset
        let n = try read(UInt64.self, what())
        guard n <= UInt64(remaining) else {
            throw error(.truncated, "\(what()): string length \(n) runs past the end of the file", at: start)
        }
        let len = Int(n)
        let s = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + len]), as: UTF8.self)
        offset += len
        return s
    }
}
