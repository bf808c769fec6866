import APICommon
import InferenceTypes

/// Decodes encoder output the way a client would: bytes through the SSE parser.
func events(_ frames: [StreamFrame]) -> [SSEEvent] {
    var p = SSEParser()
    return p.feed(frames.map(\.encoded).joined())
}

/// Parses JSON test input; a test fixture that does not parse is a bug in the test, reported as `null`.
func json(_ text: String) -> JSONValue {
    (try? JSONValue.parse(text)) ?? .null
}

/// Follows a path of keys and indexes.
func at(_ v: JSONValue?, _ path: Any...) -> JSONValue? {
    var cur = v
    for step in path {
        if let k = step as? String { cur = cur?[k] } else if let i = step as? Int, let a = cur?.arrayValue, i < a.count { cur = a[i] } else { return nil }
    }
    return cur
}
