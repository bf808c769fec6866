/// Splits a model's detokenized output into reasoning, content and tool calls, streaming-safe.
///
/// Feed text deltas as they come; each call returns the events decided so far. A tag or a tool-call opener split
/// across deltas is held back until it is decided; text that turns out not to be one is released. At the end of
/// generation call ``finish()`` to flush what is still held. However the text is split, the fold of the events
/// (``ParsedOutput``) is the same.
///
/// Rules (whitespace follows llama.cpp's `common/chat-parser.cpp`; "space" is C `isspace`):
/// - **Reasoning** opens only at the very start of the output (after spaces, which are dropped), or is already open
///   when ``ReasoningTags/startsInside`` is set (a repeated opening tag there is swallowed). The reasoning text is
///   trimmed of spaces at both ends; spaces after the closing tag are dropped; an opening tag right after that
///   starts another reasoning block (its text is appended). Without a closing tag, everything is reasoning.
///   Tags anywhere else are plain text.
/// - **Tool calls** are recognized only in content (never inside reasoning); see ``ToolCallFormat`` for the shapes.
///   Text before a call is content as is; spaces after a call (and after its closing tag) are dropped.
///   Arguments are the model's raw JSON text for the arguments value, streamed in fragments; a call without an
///   arguments key gets `{}`.
/// - **Malformed calls**: text that turns out not to be a well-formed call before its name is known is released as
///   content, unchanged. Once a call has started (its ``OutputEvent/toolCallStart(index:name:)`` is out) it stays a
///   call: if the text then breaks the JSON, or generation ends inside it, the arguments are closed (the closing
///   quote and brackets are appended, or `{}` if none were sent, so they are valid JSON whenever the part sent was),
///   the call ends, and any text from the offending character on is content.
///
/// - Important: a value type with no shared state; one parser per generated choice, used from one task at a time.
public struct OutputParser: Sendable {
    /// Where the parser is in the output.
    enum Mode: Sendable, Equatable {
        case outputStart        // may open reasoning (spaces, then the opening tag?)
        case reasoning          // inside reasoning
        case afterReasoning     // after the closing tag: spaces, maybe another opening tag
        case contentStart       // the answer begins (Llama 3 calls may only start here)
        case content            // plain content, scanning for a tool-call opener
        case afterCall          // spaces after a call are dropped, then content
        case hermesCall         // inside <tool_call>: the call object
        case hermesClose        // after the object: spaces, </tool_call>
        case llamaAfterTag      // after <|python_tag|>: spaces, then `{`
        case llamaCall          // the call object
        case llamaBetween       // after a call: spaces, `;`, another call or content
        case mistralStart       // after [TOOL_CALLS]: `[` (array form) or a name
        case mistralName        // name bytes up to [ARGS] or [CALL_ID]
        case mistralCallID      // an id up to [ARGS]
        case mistralArguments   // the arguments value after [ARGS]
        case mistralArrayItem   // `{` or `]`
        case mistralArrayCall   // an element call object
        case mistralArrayNext   // `,` or `]`
        case finished           // finish() ran
    }

    /// What a mode handler did.
    enum Progress { case progressed, needsInput }

    /// Kinds of text runs, coalesced into one event per kind and delta.
    enum RunKind: Equatable, Sendable { case reasoning, content, arguments(Int) }

    /// The format this parser reads.
    public let format: OutputFormat
    /// The number of tool calls started so far.
    public internal(set) var toolCallCount = 0
    /// All reasoning text emitted so far (the fold of the ``OutputEvent/reasoning(_:)`` events).
    public private(set) var reasoningText = ""

    // Immutable per format.
    let openTag: [UInt8]
    let closeTag: [UInt8]
    let hasReasoning: Bool
    /// A blank line closes the reasoning (``ReasoningTags/paragraph``).
    let closesAtBlankLine: Bool

    // Input not yet consumed: bytes [position...] of `buffer` are undecided.
    var buffer: [UInt8] = []
    var position = 0
    var mode: Mode

    // Reasoning.
    var reasoningAtStart = false
    var swallowOpenTag = false

    // Tool calls: the reader of the current call, the bytes consumed for a call not yet certain (released as
    // content if it fails), the Mistral name being read.
    var reader = ToolCallReader(kind: .arguments)
    var held: [UInt8] = []
    var mistralName: [UInt8] = []

    // Output of the current feed.
    var events: [OutputEvent] = []
    var runKind: RunKind?
    var runBytes: [UInt8] = []

    /// A parser for one generation in the given format.
    public init(format: OutputFormat) {
        self.format = format
        let tags = format.reasoning.flatMap { $0.open.isEmpty || $0.close.isEmpty ? nil : $0 }
        hasReasoning = tags != nil
        openTag = Array((tags?.open ?? "").utf8)
        closeTag = Array((tags?.close ?? "").utf8)
        closesAtBlankLine = tags?.closesAtBlankLine ?? false
        if let tags, tags.startsInside {
            mode = .reasoning
            reasoningBlocks = 1
            reasoningAtStart = true
            swallowOpenTag = true
        } else {
            mode = tags == nil ? .contentStart : .outputStart
        }
    }

    /// The parser is inside reasoning (the opening tag was seen or implied, the closing tag not yet).
    public var isInReasoning: Bool { mode == .reasoning }

    /// Where the output stands with respect to reasoning.
    public enum ReasoningPhase: Sendable, Hashable {
        /// At the start of the output: spaces or part of the opening tag so far; not yet known.
        case undecided
        /// Inside a reasoning block.
        case inside
        /// Anywhere else (after the closing tag, or an answer that never reasoned).
        case outside
    }

    /// Where the output stands with respect to reasoning (for counting reasoning tokens as they are fed).
    public var reasoningPhase: ReasoningPhase {
        switch mode {
        case .outputStart: return .undecided
        case .reasoning: return .inside
        default: return .outside
        }
    }

    /// How many reasoning blocks have opened so far (an opening implied by the prompt counts).
    public internal(set) var reasoningBlocks = 0

    /// The parser is inside a tool call's syntax (after its opener, before its end).
    public var isInToolCall: Bool {
        switch mode {
        case .hermesCall, .hermesClose, .llamaAfterTag, .llamaCall, .mistralStart, .mistralName, .mistralCallID,
            .mistralArguments, .mistralArrayItem, .mistralArrayCall, .mistralArrayNext:
            return true
        default:
            return false
        }
    }

    /// Parses one detokenized text delta and returns the events it decides.
    public mutating func feed(_ text: String) -> [OutputEvent] {
        guard mode != .finished, !text.isEmpty else { return [] }
        buffer.append(contentsOf: text.utf8)
        run(final: false)
        return takeEvents()
    }

    /// Ends the generation: releases held-back text and closes an open tool call. Later calls return nothing.
    public mutating func finish() -> [OutputEvent] {
        guard mode != .finished else { return [] }
        run(final: true)
        endOfInput()
        mode = .finished
        buffer.removeAll()
        position = 0
        return takeEvents()
    }

    // MARK: - Driver

    private mutating func run(final: Bool) {
        while step(final: final) == .progressed {}
        if position > 0 {
            buffer.removeFirst(position)
            position = 0
        }
    }

    private mutating func step(final: Bool) -> Progress {
        switch mode {
        case .outputStart: return stepOutputStart(final: final)
        case .reasoning: return stepReasoning(final: final)
        case .afterReasoning: return stepAfterReasoning(final: final)
        case .contentStart: return stepContentStart(final: final)
        case .content: return stepContent(final: final)
        case .afterCall: return stepAfterCall()
        case .hermesCall, .llamaCall, .mistralArguments, .mistralArrayCall: return stepReader()
        case .hermesClose: return stepHermesClose(final: final)
        case .llamaAfterTag: return stepLlamaAfterTag()
        case .llamaBetween: return stepLlamaBetween(final: final)
        case .mistralStart: return stepMistralStart()
        case .mistralName: return stepMistralName(final: final)
        case .mistralCallID: return stepMistralCallID(final: final)
        case .mistralArrayItem: return stepMistralArrayItem()
        case .mistralArrayNext: return stepMistralArrayNext()
        case .finished: return .needsInput
        }
    }

    /// The end of input, after every byte was decided: closes or releases an unfinished call.
    private mutating func endOfInput() {
        switch mode {
        case .hermesCall, .llamaCall, .mistralArguments, .mistralArrayCall:
            if reader.finishInput() {
                drainReader()
                endCall()
            } else {
                failCall()
            }
        case .llamaAfterTag, .mistralStart, .mistralName, .mistralCallID, .mistralArrayItem, .mistralArrayNext:
            releaseHeld()
        default:
            break
        }
    }

    // MARK: - Emission

    /// Appends text of one kind to the current run (one event per kind change).
    mutating func emit(_ kind: RunKind, _ bytes: ArraySlice<UInt8>) {
        guard !bytes.isEmpty else { return }
        if runKind != kind {
            flushRun()
            runKind = kind
        }
        runBytes.append(contentsOf: bytes)
    }

    /// Emits `buffer[position..<end]` as `kind` and moves past it.
    mutating func emitBuffer(_ kind: RunKind, upTo end: Int) {
        if end > position { emit(kind, buffer[position..<end]) }
        position = end
    }

    mutating func emitEvent(_ event: OutputEvent) {
        flushRun()
        events.append(event)
    }

    private mutating func flushRun() {
        guard let kind = runKind else { return }
        runKind = nil
        guard !runBytes.isEmpty else { return }
        // Runs are cut only before ASCII bytes or at delta ends, so they are whole UTF-8 sequences.
        let text = String(decoding: runBytes, as: UTF8.self)
        runBytes.removeAll(keepingCapacity: true)
        switch kind {
        case .reasoning:
            reasoningText += text
            events.append(.reasoning(text))
        case .content:
            events.append(.content(text))
        case .arguments(let index):
            events.append(.toolCallArguments(index: index, delta: text))
        }
    }

    private mutating func takeEvents() -> [OutputEvent] {
        flushRun()
        defer { events.removeAll() }
        return events
    }
}
