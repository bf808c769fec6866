/// Python `str` algorithms with Python's semantics: code-point indexing and exact (not canonical) matching.
///
/// Searching works on UTF-8 bytes: a match of valid UTF-8 in valid UTF-8 always starts on a code point boundary,
/// so byte search gives exactly Python's code point search.
enum PythonString {
    /// The code points of `s`.
    static func scalars(_ s: String) -> [Unicode.Scalar] { Array(s.unicodeScalars) }

    /// A string from code points.
    static func make<C: Sequence>(_ scalars: C) -> String where C.Element == Unicode.Scalar {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    /// A string from UTF-8 bytes cut at code point boundaries.
    static func make(utf8 bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

    /// Python's `len(s)`.
    static func length(_ s: String) -> Int { s.unicodeScalars.count }

    /// Exact equality by code points.
    static func equal(_ a: String, _ b: String) -> Bool { a.utf8.elementsEqual(b.utf8) }

    /// Code point order, as Python compares strings.
    static func less(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) { $0.value < $1.value }
    }

    /// The byte offset of the first occurrence of `needle` in `hay` at or after `from`.
    ///
    /// Knuth–Morris–Pratt: linear in `hay` and `needle` whatever they hold (a naive scan takes quadratic time on
    /// texts like a million `a`s searched for half a million `a`s and a `b`).
    static func find(_ hay: [UInt8], _ needle: [UInt8], from: Int = 0) -> Int? {
        let n = hay.count
        let m = needle.count
        if m == 0 { return from <= n ? from : nil }
        guard from >= 0, m <= n - from else { return nil }
        if m == 1 { return hay[from...].firstIndex(of: needle[0]) }
        let fallback = failureTable(needle)
        var j = 0
        for i in from..<n {
            while j > 0 && hay[i] != needle[j] { j = fallback[j - 1] }
            if hay[i] == needle[j] { j += 1 }
            if j == m { return i + 1 - m }
        }
        return nil
    }

    /// `table[q]`: the length of the longest proper prefix of `needle[0...q]` that is also its suffix.
    private static func failureTable(_ needle: [UInt8]) -> [Int] {
        var table = [Int](repeating: 0, count: needle.count)
        var k = 0
        for q in 1..<needle.count {
            while k > 0 && needle[q] != needle[k] { k = table[k - 1] }
            if needle[q] == needle[k] { k += 1 }
            table[q] = k
        }
        return table
    }

    /// The byte offset of the last occurrence of `needle` in `hay` that ends at or before `end`.
    static func findLast(_ hay: [UInt8], _ needle: [UInt8], end: Int? = nil) -> Int? {
        let limit = min(end ?? hay.count, hay.count)
        let m = needle.count
        if m == 0 { return limit >= 0 ? limit : nil }
        guard m <= limit else { return nil }
        if m == 1 { return hay[..<limit].lastIndex(of: needle[0]) }
        // Knuth–Morris–Pratt backwards: the reversed needle over the text from its end.
        let reversed = Array(needle.reversed())
        let fallback = failureTable(reversed)
        var j = 0
        var i = limit - 1
        while i >= 0 {
            while j > 0 && hay[i] != reversed[j] { j = fallback[j - 1] }
            if hay[i] == reversed[j] { j += 1 }
            if j == m { return i }
            i -= 1
        }
        return nil
    }

    /// `separator.join(parts)`; fails once the text would be longer than `limit` bytes.
    static func join(_ parts: some Sequence<String>, separator: String, limit: Int, at location: SourceLocation?)
        throws(TemplateError) -> String
    {
        var out = ""
        var first = true
        for part in parts {
            let gap = first ? 0 : separator.utf8.count
            try Limits.checkResult(out.utf8.count + gap + part.utf8.count, limit: limit, location)
            if !first { out += separator }
            out += part
            first = false
        }
        return out
    }

    static func contains(_ s: String, _ sub: String) -> Bool { find(Array(s.utf8), Array(sub.utf8)) != nil }

    static func hasPrefix(_ s: String, _ prefix: String) -> Bool { s.utf8.starts(with: prefix.utf8) }

    static func hasSuffix(_ s: String, _ suffix: String) -> Bool {
        s.utf8.reversed().starts(with: suffix.utf8.reversed())
    }

    /// Python's `count(sub)`: non-overlapping occurrences; an empty `sub` counts `len(s) + 1`.
    static func count(_ s: String, _ sub: String) -> Int {
        if sub.isEmpty { return length(s) + 1 }
        let hay = Array(s.utf8)
        let needle = Array(sub.utf8)
        var n = 0
        var i = 0
        while let at = find(hay, needle, from: i) {
            n += 1
            i = at + needle.count
        }
        return n
    }

    /// Python's `replace(old, new, count)`; `count < 0` means all. Fails once the text would be longer than `limit`
    /// bytes.
    static func replace(
        _ s: String, _ old: String, _ new: String, count: Int = -1, limit: Int, at location: SourceLocation?
    ) throws(TemplateError) -> String {
        if old.isEmpty {
            // Python inserts `new` before every code point and at the end.
            var out = ""
            var done = 0
            for c in s.unicodeScalars {
                if count < 0 || done < count {
                    try Limits.checkResult(out.utf8.count + new.utf8.count, limit: limit, location)
                    out += new
                    done += 1
                }
                out.unicodeScalars.append(c)
            }
            if count < 0 || done < count { out += new }
            try Limits.checkResult(out.utf8.count, limit: limit, location)
            return out
        }
        let hay = Array(s.utf8)
        let needle = Array(old.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(hay.count)
        var i = 0
        var done = 0
        while count < 0 || done < count, let at = find(hay, needle, from: i) {
            try Limits.checkResult(out.count + (at - i) + new.utf8.count, limit: limit, location)
            out.append(contentsOf: hay[i..<at])
            out.append(contentsOf: new.utf8)
            i = at + needle.count
            done += 1
        }
        out.append(contentsOf: hay[i...])
        return String(decoding: out, as: UTF8.self)
    }

    /// Python's `strip` / `lstrip` / `rstrip`; `chars == nil` strips whitespace.
    static func strip(_ s: String, chars: String?, left: Bool = true, right: Bool = true) -> String {
        let items = scalars(s)
        let set: Set<UInt32>? = chars.map { Set($0.unicodeScalars.map(\.value)) }
        func strippable(_ c: Unicode.Scalar) -> Bool {
            if let set { return set.contains(c.value) }
            return PythonCharacters.isSpace(c)
        }
        var start = 0
        var end = items.count
        if left { while start < end && strippable(items[start]) { start += 1 } }
        if right { while end > start && strippable(items[end - 1]) { end -= 1 } }
        return make(items[start..<end])
    }

    /// Python's `split(sep, maxsplit)`; `sep == nil` splits on runs of whitespace.
    static func split(_ s: String, separator: String?, maxSplit: Int = -1) -> [String] {
        guard let separator else { return splitWhitespace(s, maxSplit: maxSplit) }
        let hay = Array(s.utf8)
        let needle = Array(separator.utf8)
        var parts: [String] = []
        var i = 0
        while maxSplit < 0 || parts.count < maxSplit, let at = find(hay, needle, from: i) {
            parts.append(make(utf8: hay[i..<at]))
            i = at + needle.count
        }
        parts.append(make(utf8: hay[i...]))
        return parts
    }

    /// Python's `rsplit(sep, maxsplit)`.
    static func rsplit(_ s: String, separator: String?, maxSplit: Int = -1) -> [String] {
        if maxSplit < 0 { return split(s, separator: separator) }
        guard let separator else {
            let items = scalars(s)
            var parts: [String] = []
            var end = items.count
            while true {
                while end > 0 && PythonCharacters.isSpace(items[end - 1]) { end -= 1 }
                if end == 0 { break }
                if parts.count == maxSplit {
                    parts.append(make(items[0..<end]))
                    break
                }
                var start = end
                while start > 0 && !PythonCharacters.isSpace(items[start - 1]) { start -= 1 }
                parts.append(make(items[start..<end]))
                end = start
            }
            return parts.reversed()
        }
        let hay = Array(s.utf8)
        let needle = Array(separator.utf8)
        var parts: [String] = []
        var end = hay.count
        while parts.count < maxSplit, let at = findLast(hay, needle, end: end) {
            parts.append(make(utf8: hay[(at + needle.count)..<end]))
            end = at
        }
        parts.append(make(utf8: hay[0..<end]))
        return parts.reversed()
    }

    private static func splitWhitespace(_ s: String, maxSplit: Int) -> [String] {
        let items = scalars(s)
        var parts: [String] = []
        var i = 0
        let n = items.count
        while true {
            while i < n && PythonCharacters.isSpace(items[i]) { i += 1 }
            if i == n { break }
            if maxSplit >= 0 && parts.count == maxSplit {
                parts.append(make(items[i..<n]))
                break
            }
            var j = i
            while j < n && !PythonCharacters.isSpace(items[j]) { j += 1 }
            parts.append(make(items[i..<j]))
            i = j
        }
        return parts
    }

    /// Python's `splitlines(keepends)`.
    static func splitLines(_ s: String, keepEnds: Bool = false) -> [String] {
        let items = scalars(s)
        var lines: [String] = []
        var start = 0
        var i = 0
        while i < items.count {
            if PythonCharacters.isLineBreak(items[i]) {
                var end = i + 1
                if items[i] == "\r", end < items.count, items[end] == "\n" { end += 1 }
                lines.append(make(items[start..<(keepEnds ? end : i)]))
                start = end
                i = end
            } else {
                i += 1
            }
        }
        if start < items.count { lines.append(make(items[start...])) }
        return lines
    }

    private static func isCased(_ c: Unicode.Scalar) -> Bool {
        c.properties.isUppercase || c.properties.isLowercase || c.properties.generalCategory == .titlecaseLetter
    }

    /// Python's `title()`: the first cased letter after a non-cased character is upper-cased, others lowered.
    static func title(_ s: String) -> String {
        var out = ""
        var previousCased = false
        for c in s.unicodeScalars {
            if previousCased {
                out += c.properties.lowercaseMapping
            } else {
                out += c.properties.titlecaseMapping
            }
            previousCased = isCased(c)
        }
        return out
    }

    /// Python's `capitalize()`: first code point title-cased, the rest lower-cased.
    static func capitalize(_ s: String) -> String {
        var out = ""
        for (i, c) in s.unicodeScalars.enumerated() {
            out += i == 0 ? c.properties.titlecaseMapping : c.properties.lowercaseMapping
        }
        return out
    }

    /// Python's `upper()`.
    static func upper(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars { out += c.properties.uppercaseMapping }
        return out
    }

    /// Python's `lower()`.
    static func lower(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars { out += c.properties.lowercaseMapping }
        return out
    }

    /// Python's `center(width, fill)`.
    static func center(_ s: String, width: Int, fill: Unicode.Scalar = " ") -> String {
        let n = length(s)
        guard width > n else { return s }
        let total = width - n
        // CPython: left = total / 2 + (total & width & 1)
        let left = total / 2 + (total & width & 1)
        let pad = String(fill)
        return String(repeating: pad, count: left) + s + String(repeating: pad, count: total - left)
    }
}
