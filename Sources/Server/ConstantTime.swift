/// Compares secrets without leaking, through timing, where they first differ.
enum ConstantTime {
    /// True when `a == b`. Every byte of the longer input is visited whatever the contents.
    static func equals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var diff = UInt64(x.count ^ y.count)
        let n = max(x.count, y.count)
        for i in 0..<n {
            let p: UInt8 = i < x.count ? x[i] : 0
            let q: UInt8 = i < y.count ? y[i] : 0
            diff |= UInt64(p ^ q)
        }
        return diff == 0
    }

    /// True when `candidate` equals any of `keys`; every key is compared (no early exit).
    static func matchesAny(_ candidate: String, _ keys: [String]) -> Bool {
        var found = false
        for k in keys where equals(candidate, k) { found = true }
        return found
    }
}
