/// A set of Unicode scalar values, as sorted, disjoint, non-adjacent closed ranges.
///
/// Surrogates (U+D800–U+DFFF) are never members: they cannot be encoded in UTF-8.
struct CodePointSet: Hashable, Sendable {
    /// Sorted, disjoint, non-adjacent ranges.
    private(set) var ranges: [ClosedRange<UInt32>]

    /// No code points.
    static let empty = CodePointSet(normalized: [])
    /// Every Unicode scalar value.
    static let all = CodePointSet(normalized: [0...0xD7FF, 0xE000...0x10FFFF])

    private init(normalized: [ClosedRange<UInt32>]) { self.ranges = normalized }

    /// A set from arbitrary ranges (any order, overlaps allowed); surrogates and values past U+10FFFF are dropped.
    init(_ input: [ClosedRange<UInt32>]) {
        var rs = input.compactMap { r -> ClosedRange<UInt32>? in
            let hi = min(r.upperBound, 0x10FFFF)
            return r.lowerBound <= hi ? r.lowerBound...hi : nil
        }
        rs.sort { $0.lowerBound < $1.lowerBound }
        var merged: [ClosedRange<UInt32>] = []
        for r in rs {
            if let last = merged.last, r.lowerBound <= last.upperBound &+ 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, r.upperBound)
            } else {
                merged.append(r)
            }
        }
        // Cut out the surrogates.
        var out: [ClosedRange<UInt32>] = []
        for r in merged {
            if r.upperBound < 0xD800 || r.lowerBound > 0xDFFF { out.append(r); continue }
            if r.lowerBound < 0xD800 { out.append(r.lowerBound...0xD7FF) }
            if r.upperBound > 0xDFFF { out.append(0xE000...r.upperBound) }
        }
        self.ranges = out
    }

    /// One code point.
    init(scalar: UInt32) { self.init([scalar...scalar]) }

    /// The code points of an ASCII or Unicode string.
    init(characters: String) { self.init(characters.unicodeScalars.map { $0.value...$0.value }) }

    var isEmpty: Bool { ranges.isEmpty }

    /// Whether `c` is a member.
    func contains(_ c: UInt32) -> Bool {
        var lo = 0
        var hi = ranges.count - 1
        while lo <= hi {
            let mid = (lo + hi) / 2
            if c < ranges[mid].lowerBound { hi = mid - 1 } else if c > ranges[mid].upperBound { lo = mid + 1 } else { return true }
        }
        return false
    }

    /// Members of either set.
    func union(_ other: CodePointSet) -> CodePointSet { CodePointSet(ranges + other.ranges) }

    /// Every scalar value not in this set.
    var inverted: CodePointSet {
        var out: [ClosedRange<UInt32>] = []
        var next: UInt32 = 0
        for r in ranges {
            if r.lowerBound > next { out.append(next...(r.lowerBound - 1)) }
            next = r.upperBound + 1
        }
        if next <= 0x10FFFF { out.append(next...0x10FFFF) }
        return CodePointSet(out)
    }

    /// Members of this set that are not in `other`.
    func subtracting(_ other: CodePointSet) -> CodePointSet { intersection(other.inverted) }

    /// Members of both sets.
    func intersection(_ other: CodePointSet) -> CodePointSet {
        var out: [ClosedRange<UInt32>] = []
        var i = 0
        var j = 0
        while i < ranges.count, j < other.ranges.count {
            let a = ranges[i]
            let b = other.ranges[j]
            let lo = max(a.lowerBound, b.lowerBound)
            let hi = min(a.upperBound, b.upperBound)
            if lo <= hi { out.append(lo...hi) }
            if a.upperBound < b.upperBound { i += 1 } else { j += 1 }
        }
        return CodePointSet(normalized: out)
    }

    /// The members below U+0080.
    var asciiOnly: CodePointSet { intersection(CodePointSet([0...0x7F])) }
}
