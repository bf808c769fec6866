/// Why generation of a choice ended.
public enum FinishReason: Sendable, Hashable {
    /// The model ended its turn.
    case stop
    /// A client stop string matched (the string is not part of the output).
    case stopSequence(String)
    /// The token cap was reached.
    case length
    /// The context window is full.
    case contextLength
    /// The model called tools.
    case toolCalls
}
