import APICommon

/// The SSE parser fed a stream at once and in pieces cut where a generator seeded with the input says: how the
/// bytes arrive must not change the events or comments it reports.
enum SSEFuzz {
    static func run(_ bytes: [UInt8]) {
        var whole = SSEParser()
        let expected = whole.feed(bytes)
        var pieces = SSEParser()
        var events: [SSEEvent] = []
        var rng = FuzzRandom(seed: bytes)
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + 1 + rng.below(8))
            events += pieces.feed(bytes[start..<end])
            start = end
        }
        FuzzCheck.require(events == expected, "events depend on how the stream is split")
        FuzzCheck.require(pieces.comments == whole.comments, "comments depend on how the stream is split")
    }
}
