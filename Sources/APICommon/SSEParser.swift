/// An event decoded from a Server-Sent Events stream.
public struct SSEEvent: Sendable, Hashable {
    /// The `event:` field, or nil for unnamed events.
    public var name: String?
    /// The `data:` lines joined with `\n`.
    public var data: String

    /// Creates an event.
    public init(name: String?, data: String) {
        self.name = name
        self.data = data
    }
}

/// An incremental Server-Sent Events decoder (the WHATWG rules for `event`, `data` and comments; `id` and `retry`
/// are ignored). Feed it bytes split anywhere; it returns each event once its terminating blank line arrived.
public struct SSEParser: Sendable {
    private var buffer: [UInt8] = []
    private var name: String?
    private var dataLines: [String] = []
    /// Comments seen so far (`: ping` → `ping`), for keep-alive tests.
    public private(set) var comments: [String] = []

    /// An empty parser.
    public init() {}

    /// Adds bytes and returns the events they complete.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [SSEEvent] {
        buffer.append(contentsOf: bytes)
        var events: [SSEEvent] = []
        while let newline = buffer.firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) {
            // A CR LF pair ends one line; a lone CR at the very end may still be followed by LF, so wait.
            if buffer[newline] == 0x0D, newline + 1 == buffer.count { break }
            var line = Array(buffer[..<newline])
            var next = newline + 1
            if buffer[newline] == 0x0D, next < buffer.count, buffer[next] == 0x0A { next += 1 }
            buffer.removeFirst(next)
            if line.last == 0x0D { line.removeLast() }
            if let event = process(line) { events.append(event) }
        }
        return events
    }

    /// Adds text and returns the events it completes.
    public mutating func feed(_ text: String) -> [SSEEvent] { feed(Array(text.utf8)) }

    private mutating func process(_ line: [UInt8]) -> SSEEvent? {
        if line.isEmpty {
            defer { name = nil; dataLines = [] }
            guard !dataLines.isEmpty || name != nil else { return nil }
            return SSEEvent(name: name, data: dataLines.joined(separator: "\n"))
        }
        let text = String(decoding: line, as: UTF8.self)
        if line.first == UInt8(ascii: ":") {
            comments.append(String(text.dropFirst()).trimmingLeadingSpace())
            return nil
        }
        let field: Substring
        var value: Substring
        if let colon = text.firstIndex(of: ":") {
            field = text[..<colon]
            value = text[text.index(after: colon)...]
            if value.first == " " { value = value.dropFirst() }
        } else {
            field = Substring(text)
            value = ""
        }
        switch field {
        case "event": name = String(value)
        case "data": dataLines.append(String(value))
        default: break
        }
        return nil
    }
}

extension String {
    fileprivate func trimmingLeadingSpace() -> String { first == " " ? String(dropFirst()) : self }
}
