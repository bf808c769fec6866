import APICommon
public import InferenceTypes

/// `/v1/models` bodies in the superset shape both SDKs accept: OpenAI's
/// `{object: "list", data: [{id, object, created, owned_by}]}` plus Anthropic's `type`, `display_name`,
/// `created_at`, `has_more`, `first_id`, `last_id`, and Swiftlet's `aliases`, `context_length`, `capabilities`.
public enum ModelList {
    /// One model object; `id` overrides the descriptor's id (to echo the alias a client asked for).
    public static func modelJSON(_ m: ModelDescriptor, id: String? = nil) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("id", .string(id ?? m.id)),
            ("object", "model"),
            ("created", .int(Int64(m.created))),
            ("owned_by", .string(m.ownedBy)),
            ("type", "model"),
            ("display_name", .string(m.displayName)),
            ("created_at", .string(Timestamps.iso8601(unixSeconds: m.created))),
            ("aliases", .array(m.aliases.map { .string($0) })),
            ("context_length", .int(Int64(m.contextLength))),
            ("capabilities", .array(m.capabilities.map { .string($0) })),
        ]
        if id != nil, id != m.id { fields.append(("root", .string(m.id))) }
        return .makeObject(fields)
    }

    /// The list body.
    public static func listJSON(_ models: [ModelDescriptor]) -> JSONValue {
        .makeObject([
            ("object", "list"),
            ("data", .array(models.map { modelJSON($0) })),
            ("has_more", false),
            ("first_id", models.first.map { .string($0.id) } ?? .null),
            ("last_id", models.last.map { .string($0.id) } ?? .null),
        ])
    }
}

/// xAI's `POST /v1/tokenize-text`: `{text, model}` → `{token_ids: [{token_id, string_token, token_bytes}]}`.
public struct TokenizeTextRequest: Sendable {
    /// The text to tokenize (no special-token parsing).
    public var text: String
    /// The model (or alias) whose tokenizer to use.
    public var model: String

    /// Decodes a request body.
    public init(json: JSONValue) throws(JSONFieldError) {
        let f = try JSONFields(json)
        text = try f.requiredString("text")
        model = try f.requiredString("model")
    }

    /// The response body.
    public static func responseJSON(_ pieces: [TokenPiece]) -> JSONValue {
        .makeObject([
            (
                "token_ids",
                .array(
                    pieces.map { p in
                        .makeObject([
                            ("token_id", .int(Int64(p.id))), ("string_token", .string(p.text)),
                            ("token_bytes", .array(p.bytes.map { .int(Int64($0)) })),
                        ])
                    })
            )
        ])
    }
}
