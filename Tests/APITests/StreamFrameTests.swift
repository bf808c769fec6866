import APICommon
import Testing

@Suite struct StreamFrameTests {
    @Test func encodesDataEventsAndComments() {
        #expect(StreamFrame.data("{\"a\":1}").encoded == "data: {\"a\":1}\n\n")
        #expect(StreamFrame.done.encoded == "data: [DONE]\n\n")
        #expect(StreamFrame.event(name: "ping", data: "{\"type\":\"ping\"}").encoded == "event: ping\ndata: {\"type\":\"ping\"}\n\n")
        #expect(StreamFrame.comment("ping").encoded == ": ping\n\n")
        // Line breaks in data become several data lines (the client joins them with \n).
        #expect(StreamFrame.data("a\nb").encoded == "data: a\ndata: b\n\n")
    }

    static let wire =
        ": ping\n\nevent: message_start\ndata: {\"x\":\"é\"}\n\ndata: one\ndata: two\n\r\ndata:no-space\n\nretry: 5\nid: 1\ndata: [DONE]\n\n"
    static let expected = [
        SSEEvent(name: "message_start", data: "{\"x\":\"é\"}"),
        SSEEvent(name: nil, data: "one\ntwo"),
        SSEEvent(name: nil, data: "no-space"),
        SSEEvent(name: nil, data: "[DONE]"),
    ]

    @Test func parsesWholeStream() {
        var p = SSEParser()
        #expect(p.feed(Self.wire) == Self.expected)
        #expect(p.comments == ["ping"])
    }

    @Test func parsesStreamSplitAtEveryByte() {
        let bytes = Array(Self.wire.utf8)
        for cut in 0...bytes.count {
            var p = SSEParser()
            let events = p.feed(bytes[..<cut]) + p.feed(bytes[cut...])
            #expect(events == Self.expected, "split at \(cut)")
        }
        var p = SSEParser()
        var events: [SSEEvent] = []
        for b in bytes { events += p.feed([b]) }
        #expect(events == Self.expected)
    }

    @Test func isoTimestamps() {
        #expect(Timestamps.iso8601(unixSeconds: 0) == "1970-01-01T00:00:00Z")
        #expect(Timestamps.iso8601(unixSeconds: 1_743_724_800) == "2025-04-04T00:00:00Z")
        #expect(Timestamps.iso8601(unixSeconds: 951_825_600) == "2000-02-29T12:00:00Z")
    }

    @Test func identifiersAreUniqueAndPrefixed() {
        let ids = (0..<100).map { _ in Identifiers.chatCompletion() }
        #expect(Set(ids).count == 100)
        #expect(ids.allSatisfy { $0.hasPrefix("chatcmpl-") && $0.count == 9 + 24 })
        #expect(Identifiers.message().hasPrefix("msg_01"))
    }
}
