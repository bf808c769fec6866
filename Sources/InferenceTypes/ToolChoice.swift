/// Which tools the model may or must call.
public enum ToolChoice: Sendable, Hashable {
    /// Never call a tool.
    case none
    /// The model decides.
    case auto
    /// Must call at least one tool.
    case required
    /// Must call this tool.
    case function(String)
}
