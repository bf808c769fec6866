/// One piece of parsed model output, produced by ``OutputParser`` from detokenized text deltas.
///
/// Folding the events of one generation (concatenating the text of each kind) gives the same result however the
/// text was split into deltas.
public enum OutputEvent: Sendable, Hashable {
    /// A reasoning text delta (without the think tags).
    case reasoning(String)
    /// An answer text delta.
    case content(String)
    /// A tool call opened and its name is known. Indices count from 0 in output order.
    case toolCallStart(index: Int, name: String)
    /// A fragment of the call's arguments; the fragments of one call joined are its arguments JSON text.
    case toolCallArguments(index: Int, delta: String)
    /// The call with this index is complete.
    case toolCallEnd(index: Int)
}
