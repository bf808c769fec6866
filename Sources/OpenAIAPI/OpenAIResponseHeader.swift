import InferenceTypes

/// The fields every response and chunk of one completion repeats.
public struct OpenAIResponseHeader: Sendable, Hashable {
    /// `chatcmpl-…` / `cmpl-…`.
    public var id: String
    /// Unix time.
    public var created: Int
    /// The model name as the client sent it.
    public var model: String
    /// Reported as `system_fingerprint`.
    public var systemFingerprint: String

    /// A header for one response.
    public init(id: String, created: Int, model: String, systemFingerprint: String = "fp_swiftlet") {
        self.id = id
        self.created = created
        self.model = model
        self.systemFingerprint = systemFingerprint
    }

    /// The object every body and chunk of a completion is: these fields, `object`, the choices, and `usage` when
    /// given (`.null` writes `"usage": null`, as chunks do before the last one when usage was asked for).
    func envelope(object: String, choices: [JSONValue], usage: JSONValue?) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("id", .string(id)), ("object", .string(object)), ("created", .int(Int64(created))),
            ("model", .string(model)), ("system_fingerprint", .string(systemFingerprint)),
            ("choices", .array(choices)),
        ]
        if let usage { fields.append(("usage", usage)) }
        return .makeObject(fields)
    }
}

/// One entry of `tool_calls`, in a message (`index` nil) or as a chunk's first fragment of a call (`index` set,
/// `arguments` empty).
func toolCallJSON(index: Int? = nil, id: String, name: String, arguments: String) -> JSONValue {
    var fields: [(String, JSONValue)] = []
    if let index { fields.append(("index", .int(Int64(index)))) }
    fields += [
        ("id", .string(id)), ("type", "function"),
        ("function", .makeObject([("name", .string(name)), ("arguments", .string(arguments))])),
    ]
    return .makeObject(fields)
}
