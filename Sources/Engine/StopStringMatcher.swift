/// Finds client stop strings in streamed text without ever emitting part of one.
///
/// Text arrives in deltas (whole UTF-8 characters, as the detokenizer produces them). Any tail that could still grow
/// into a stop string is held back; when a stop string completes, the text before it is released and the match is
/// reported, and the stop string itself is never emitted. Stateful value type: feed deltas with `append`, call
/// `flush` at the end of generation to release what is held.
public struct StopStringMatcher: Sendable {
    private let stops: [[UInt8]]
    private var pending: [UInt8] = []
    /// The stop string that matched, once one has.
    public private(set) var matched: String?

    public init(stopStrings: [String]) {
        stops = stopStrings.map { Array($0.utf8) }.filter { !$0.isEmpty }
    }

    /// Whether there is anything to match at all.
    public var isActive: Bool { !stops.isEmpty }

    /// Adds a delta; returns the text that is now safe to emit. After a match, returns the text before the match and
    /// ignores further input.
    public mutating func append(_ delta: String) -> String {
        guard matched == nil else { return "" }
        guard !stops.isEmpty else { return delta }
        pending.append(contentsOf: delta.utf8)
        // The stop string that completes first wins (that is what a token-by-token stream sees, so every split of
        // the same text agrees); when two complete at the same byte, the longer one (earlier start) wins.
        var best: (position: Int, end: Int, stop: Int)?
        for (si, stop) in stops.enumerated() {
            guard let p = Self.firstIndex(of: stop, in: pending) else { continue }
            let end = p + stop.count
            if let b = best, end > b.end || (end == b.end && p >= b.position) { continue }
            best = (p, end, si)
        }
        if let best {
            matched = String(decoding: stops[best.stop], as: UTF8.self)
            let out = String(decoding: pending[0..<best.position], as: UTF8.self)
            pending.removeAll()
            return out
        }
        let hold = stops.map { Self.overlap(suffixOf: pending, prefixOf: $0) }.max() ?? 0
        let cut = pending.count - hold
        let out = String(decoding: pending[0..<cut], as: UTF8.self)
        pending.removeFirst(cut)
        return out
    }

    /// Releases whatever is held back (call when generation ends without a match).
    public mutating func flush() -> String {
        let out = String(decoding: pending, as: UTF8.self)
        pending.removeAll()
        return out
    }

    /// Bytes currently held back.
    public var heldBackCount: Int { pending.count }

    static func firstIndex(of needle: [UInt8], in hay: [UInt8]) -> Int? {
        guard needle.count <= hay.count else { return nil }
        var i = 0
        while i + needle.count <= hay.count {
            if hay[i] == needle[0] {
                var j = 1
                while j < needle.count && hay[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    /// Length of the longest proper prefix of `stop` that is a suffix of `text`.
    static func overlap(suffixOf text: [UInt8], prefixOf stop: [UInt8]) -> Int {
        var k = min(stop.count - 1, text.count)
        while k > 0 {
            var ok = true
            for j in 0..<k where text[text.count - k + j] != stop[j] {
                ok = false
                break
            }
            if ok { return k }
            k -= 1
        }
        return 0
    }
}
