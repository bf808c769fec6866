/// The fold of a stream of ``OutputEvent``s: all reasoning text, all content text, and the tool calls.
///
/// Useful to build a non-streaming result from the same events a stream sends, and in tests.
public struct ParsedOutput: Sendable, Hashable {
    /// One tool call, as folded from its start, argument and end events.
    public struct Call: Sendable, Hashable {
        /// The function name.
        public var name: String
        /// The arguments JSON text (the joined argument fragments).
        public var arguments: String
        /// Whether a ``OutputEvent/toolCallEnd(index:)`` was seen for the call.
        public var ended: Bool

        /// A call with the given name and arguments.
        public init(name: String, arguments: String, ended: Bool = true) {
            self.name = name
            self.arguments = arguments
            self.ended = ended
        }
    }

    /// All reasoning text, concatenated.
    public var reasoning: String
    /// All content text, concatenated.
    public var content: String
    /// The tool calls, by index.
    public var calls: [Call]

    /// A fold with the given parts (empty by default).
    public init(reasoning: String = "", content: String = "", calls: [Call] = []) {
        self.reasoning = reasoning
        self.content = content
        self.calls = calls
    }

    /// Folds a sequence of events.
    public init(events: [OutputEvent]) {
        self.init()
        for event in events { apply(event) }
    }

    /// Adds one event. Argument or end events for an index that was never started are ignored.
    public mutating func apply(_ event: OutputEvent) {
        switch event {
        case .reasoning(let text): reasoning += text
        case .content(let text): content += text
        case .toolCallStart(let index, let name):
            while calls.count <= index { calls.append(Call(name: "", arguments: "", ended: false)) }
            calls[index].name = name
        case .toolCallArguments(let index, let delta):
            if calls.indices.contains(index) { calls[index].arguments += delta }
        case .toolCallEnd(let index):
            if calls.indices.contains(index) { calls[index].ended = true }
        }
    }
}
