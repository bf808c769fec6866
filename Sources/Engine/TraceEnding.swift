/// How a reasoning trace — budgeted free-text segment `segment` of a sequence's grammar
/// (`ConstraintPlan.freeText(excluding:maxTokens:)`) — may end before its budget is spent.
///
/// A model without native reasoning that is made to think (Swiftlet's thinking prompt) rarely writes the closing tag
/// itself: it ends its turn instead, or, masked from doing so, rambles on to the budget, and the forced closing tag
/// then cuts a sentence in half, which the answer continues. With a trace ending, the engine ends the trace where the
/// model ends it:
/// - `atEndOfTurn`: inside the trace an end-of-generation token is allowed, and when the model picks one the trace's
///   closing text is generated in its place (the longest token the grammar allows, then the grammar's mask);
/// - `atSentenceEndAfter`: once the trace holds that many tokens, a token that starts a new sentence (it begins with
///   whitespace after `.`, `!` or `?`, or with a line break) is replaced the same way, so a trace cut by its budget
///   ends at a sentence boundary whenever the model writes one before the budget.
///
/// The budget still bounds the trace: at `maxTokens` the closing tag is forced as before.
///
/// With `echoesTraceAtEndOfTurn`, a model that ends its turn inside the trace has given its whole answer there: after
/// the closing text, the trace's tokens are repeated as the answer (when the answer's grammar allows them) and the
/// output ends. A model made to think, asked to continue past a turn it had finished, writes something worse than
/// what it said (`'and <think>'` after "A spider has 8 legs."). The same holds for a model that writes the closing
/// tag itself and then wants to end its turn before its answer has a visible character (an answer the grammar
/// requires): its trace, without the tag (`closingText`), is repeated instead. A trace the engine cut (budget or
/// sentence end) is never repeated: the model had not finished it.
public struct TraceEnding: Sendable, Hashable {
    /// The budgeted segment that is the trace (segments are numbered in plan order from 0).
    public var segment: Int
    /// The model's end of turn inside the trace ends the trace instead of the output.
    public var atEndOfTurn: Bool
    /// Trace tokens after which the start of a new sentence ends the trace (nil: only the budget or `atEndOfTurn`).
    public var atSentenceEndAfter: Int?
    /// When the model ends its turn inside the trace (`atEndOfTurn`), the trace is repeated as the answer.
    public var echoesTraceAtEndOfTurn: Bool
    /// The bytes of the trace's closing tag, dropped from the end of a trace the model closed itself before it is
    /// repeated (empty: nothing is dropped).
    public var closingText: [UInt8]

    public init(
        segment: Int = 0, atEndOfTurn: Bool = true, atSentenceEndAfter: Int? = nil, echoesTraceAtEndOfTurn: Bool = false,
        closingText: String = ""
    ) {
        self.segment = segment
        self.atEndOfTurn = atEndOfTurn
        self.atSentenceEndAfter = atSentenceEndAfter
        self.echoesTraceAtEndOfTurn = echoesTraceAtEndOfTurn
        self.closingText = Array(closingText.utf8)
    }

    /// Whether a token with `bytes`, following trace text whose last non-blank byte is `lastByte`, starts a new
    /// sentence.
    static func startsSentence(_ bytes: [UInt8], after lastByte: UInt8?) -> Bool {
        guard let first = bytes.first else { return false }
        if first == UInt8(ascii: "\n") { return true }
        guard first == UInt8(ascii: " "), let last = lastByte else { return false }
        return last == UInt8(ascii: ".") || last == UInt8(ascii: "!") || last == UInt8(ascii: "?")
    }
}
