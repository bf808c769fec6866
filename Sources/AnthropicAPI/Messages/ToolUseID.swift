/// Tool-call ids on the Anthropic API. Inference makes OpenAI-style ids (`call_…`); Anthropic clients expect
/// `toolu_…`, so the encoders swap the prefix (the rest of the id is kept, so it stays unique and non-empty).
public enum ToolUseID {
    /// `call_X` → `toolu_X`; any other id is returned unchanged.
    public static func anthropic(_ id: String) -> String {
        id.hasPrefix("call_") ? "toolu_" + id.dropFirst(5) : id
    }
}
