public import InferenceTypes
public import Jinja

extension Value {
    /// Converts JSON into a template value, keeping object key order and the `int` / `float` distinction
    /// (both matter: `tojson` must print `{"a": 1}` exactly as Python's `json.dumps` would).
    public init(_ json: JSONValue) {
        switch json {
        case .null: self = .none
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(Int(i))
        case .double(let d): self = .double(d)
        case .string(let s): self = .string(s)
        case .array(let items): self = .array(items.map(Value.init))
        case .object(let pairs): self = Value(pairs: pairs.map { ($0.key, Value($0.value)) })
        }
    }
}
