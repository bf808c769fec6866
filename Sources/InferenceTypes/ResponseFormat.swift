/// The shape the answer must take.
public enum ResponseFormat: Sendable, Hashable {
    case text
    /// Any JSON object.
    case jsonObject
    /// JSON valid against `schema`.
    case jsonSchema(name: String?, schema: JSONValue, strict: Bool)
    /// A grammar in Swiftlet's GBNF-like syntax (the `grammar` extension field).
    case grammar(String)
}
