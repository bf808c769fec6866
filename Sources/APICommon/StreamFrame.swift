/// One Server-Sent Events frame, as the protocol encoders produce it and the server writes it.
///
/// OpenAI streams use unnamed `data:` frames and end with `data: [DONE]`; Anthropic streams name every frame
/// (`event: message_start`). Comments (`: ping`) keep idle connections alive and are ignored by clients.
public enum StreamFrame: Sendable, Hashable {
    /// `event: <name>` (when non-nil) followed by `data: <data>`.
    case event(name: String?, data: String)
    /// `: <text>`, a comment line that clients ignore.
    case comment(String)

    /// An unnamed data frame.
    public static func data(_ data: String) -> StreamFrame { .event(name: nil, data: data) }

    /// The OpenAI end-of-stream sentinel, `data: [DONE]`.
    public static let done = StreamFrame.event(name: nil, data: "[DONE]")

    /// The bytes on the wire: each data line prefixed with `data: `, the frame closed by a blank line.
    public var encoded: String {
        switch self {
        case .comment(let text):
            return text.split(separator: "\n", omittingEmptySubsequences: false).map { ": \($0)\n" }.joined() + "\n"
        case .event(let name, let data):
            var out = ""
            if let name { out += "event: \(name)\n" }
            // A data value with line breaks is split over several `data:` lines, which the client joins with `\n`.
            for line in data.split(separator: "\n", omittingEmptySubsequences: false) {
                out += "data: \(line)\n"
            }
            return out + "\n"
        }
    }
}
