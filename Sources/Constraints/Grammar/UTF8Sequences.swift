/// Splits code point ranges into UTF-8 byte-range sequences (the construction regex engines use to run
/// Unicode classes on bytes).
enum UTF8Sequences {
    /// Byte-range sequences whose union is exactly the UTF-8 encodings of `set`.
    ///
    /// Each element is one sequence of 1–4 byte ranges; a string of bytes is in the set when it matches one
    /// sequence range by range.
    static func sequences(for set: CodePointSet) -> [[ClosedRange<UInt8>]] {
        var out: [[ClosedRange<UInt8>]] = []
        for r in set.ranges {
            // Split where the encoded length changes.
            for (lo, hi) in [(UInt32(0), UInt32(0x7F)), (0x80, 0x7FF), (0x800, 0xFFFF), (0x10000, 0x10FFFF)] {
                let a = max(lo, r.lowerBound)
                let b = min(hi, r.upperBound)
                if a <= b { split(a, b, into: &out) }
            }
        }
        return out
    }

    /// Splits `[lo, hi]` (same encoded length) until each piece is a product of byte ranges.
    private static func split(_ lo: UInt32, _ hi: UInt32, into out: inout [[ClosedRange<UInt8>]]) {
        let n = length(lo)
        if n > 1 {
            for i in 1..<n {
                let m: UInt32 = (1 << (6 * UInt32(i))) - 1
                if lo & ~m != hi & ~m {
                    if lo & m != 0 {
                        split(lo, lo | m, into: &out)
                        split((lo | m) + 1, hi, into: &out)
                        return
                    }
                    if hi & m != m {
                        split(lo, (hi & ~m) - 1, into: &out)
                        split(hi & ~m, hi, into: &out)
                        return
                    }
                }
            }
        }
        let a = encode(lo)
        let b = encode(hi)
        out.append(zip(a, b).map { $0...$1 })
    }

    /// Number of UTF-8 bytes for `c`.
    static func length(_ c: UInt32) -> Int {
        c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4
    }

    /// The UTF-8 bytes of `c`.
    static func encode(_ c: UInt32) -> [UInt8] {
        switch length(c) {
        case 1: return [UInt8(c)]
        case 2: return [UInt8(0xC0 | (c >> 6)), UInt8(0x80 | (c & 0x3F))]
        case 3: return [UInt8(0xE0 | (c >> 12)), UInt8(0x80 | ((c >> 6) & 0x3F)), UInt8(0x80 | (c & 0x3F))]
        default:
            return [
                UInt8(0xF0 | (c >> 18)), UInt8(0x80 | ((c >> 12) & 0x3F)), UInt8(0x80 | ((c >> 6) & 0x3F)),
                UInt8(0x80 | (c & 0x3F)),
            ]
        }
    }
}
