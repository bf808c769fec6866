public import InferenceTypes
import APICommon

/// One item of a Responses API conversation as the client sent it (or as a stored response's output reads back):
/// a message, a function call, a function call's output, or a reasoning item.
///
/// Items are decoded by hand, so each error names its path (`input[2].call_id: Field required`), and normalised
/// (`json`): string content becomes one text part, and every item gets an id, which is how stored input items are
/// listed.
public enum ResponseInputItem: Sendable, Hashable {
    /// A message: `user`, `system`, `developer` or `assistant`, with its text (and image) parts.
    case message(id: String, role: String, content: [ContentPart])
    /// A call the assistant made.
    case functionCall(id: String, callID: String, name: String, arguments: String)
    /// The result the client sends back for a call.
    case functionCallOutput(id: String, callID: String, output: String)
    /// The assistant's reasoning (its summary text), which came before its next message or call.
    case reasoning(id: String, text: String)

    /// The item's id.
    public var id: String {
        switch self {
        case .message(let id, _, _), .functionCall(let id, _, _, _), .functionCallOutput(let id, _, _),
            .reasoning(let id, _):
            return id
        }
    }

    /// A string `input`: one user message.
    public static func userText(_ text: String) -> ResponseInputItem {
        .message(id: Identifiers.make("msg_"), role: "user", content: [.text(text)])
    }

    /// Decodes one item of `input` at `path`.
    public init(json: JSONValue, path: String) throws(JSONFieldError) {
        let f = try JSONFields(json, path: path)
        let type = try f.string("type") ?? "message"
        let id = try f.string("id")
        switch type {
        case "message":
            let role = try f.requiredString("role")
            guard ["user", "system", "developer", "assistant"].contains(role) else {
                throw .invalid(f.path("role"), "must be one of `user`, `system`, `developer`, `assistant`, got `\(role)`")
            }
            self = .message(id: id ?? Identifiers.make("msg_"), role: role, content: try Self.content(f))
        case "function_call":
            self = .functionCall(
                id: id ?? Identifiers.make("fc_"), callID: try Self.nonEmpty(f, "call_id"),
                name: try Self.nonEmpty(f, "name"), arguments: try OpenAIMessageDecoder.arguments(f, key: "arguments"))
        case "function_call_output":
            self = .functionCallOutput(
                id: id ?? Identifiers.make("fco_"), callID: try Self.nonEmpty(f, "call_id"), output: try Self.output(f))
        case "reasoning":
            var text = ""
            for (i, part) in (try f.array("summary") ?? []).enumerated() {
                text += try JSONFields(part, path: f.path("summary", i)).requiredString("text")
            }
            self = .reasoning(id: id ?? Identifiers.make("rs_"), text: text)
        default:
            throw .invalid(
                f.path("type"),
                "must be one of `message`, `function_call`, `function_call_output`, `reasoning`, got `\(type)`")
        }
    }

    /// The item as stored and listed: OpenAI's item shape with its id.
    public var json: JSONValue {
        switch self {
        case .message(let id, let role, let content):
            let textType: JSONValue = role == "assistant" ? "output_text" : "input_text"
            let parts: [JSONValue] = content.map { part in
                switch part {
                case .text(let t):
                    role == "assistant"
                        ? .makeObject([("type", textType), ("text", .string(t)), ("annotations", [])])
                        : .makeObject([("type", textType), ("text", .string(t))])
                case .image(let url):
                    .makeObject([("type", "input_image"), ("image_url", .string(url)), ("detail", "auto")])
                }
            }
            return .makeObject([
                ("id", .string(id)), ("type", "message"), ("role", .string(role)), ("content", .array(parts)),
                ("status", "completed"),
            ])
        case .functionCall(let id, let callID, let name, let arguments):
            return .makeObject([
                ("id", .string(id)), ("type", "function_call"), ("call_id", .string(callID)), ("name", .string(name)),
                ("arguments", .string(arguments)), ("status", "completed"),
            ])
        case .functionCallOutput(let id, let callID, let output):
            return .makeObject([
                ("id", .string(id)), ("type", "function_call_output"), ("call_id", .string(callID)),
                ("output", .string(output)), ("status", "completed"),
            ])
        case .reasoning(let id, let text):
            let summary: [JSONValue] =
                text.isEmpty ? [] : [.makeObject([("type", "summary_text"), ("text", .string(text))])]
            return .makeObject([("id", .string(id)), ("type", "reasoning"), ("summary", .array(summary))])
        }
    }

    /// Decodes a JSON array of items as stored (a stored response's input or output items).
    public static func list(fromStored text: String) throws(JSONFieldError) -> [ResponseInputItem] {
        let value: JSONValue
        do {
            value = try JSONValue.parse(text)
        } catch {
            throw .invalid("previous_response_id", "the stored response's items are not valid JSON")
        }
        guard case .array(let items) = value else { throw .wrongType("previous_response_id", expected: "array", got: value) }
        var out: [ResponseInputItem] = []
        for (i, item) in items.enumerated() { out.append(try ResponseInputItem(json: item, path: "items[\(i)]")) }
        return out
    }

    private static func nonEmpty(_ f: JSONFields, _ key: String) throws(JSONFieldError) -> String {
        let s = try f.requiredString(key)
        guard !s.isEmpty else { throw .invalid(f.path(key), "must not be empty") }
        return s
    }

    /// `content`: a string, or parts of type `input_text`, `output_text`, `refusal` or `input_image`.
    private static func content(_ f: JSONFields) throws(JSONFieldError) -> [ContentPart] {
        guard let v = f.value("content") else { throw .missing(f.path("content")) }
        switch v {
        case .string(let s):
            return [.text(s)]
        case .array(let items):
            var parts: [ContentPart] = []
            for (i, item) in items.enumerated() {
                let p = try JSONFields(item, path: f.path("content", i))
                let type = try p.requiredString("type")
                switch type {
                case "input_text", "output_text", "text": parts.append(.text(try p.requiredString("text")))
                case "refusal": parts.append(.text(try p.requiredString("refusal")))
                case "input_image":
                    guard let url = try p.string("image_url") else {
                        throw .invalid(p.path("image_url"), "images must be given by URL or data URL")
                    }
                    parts.append(.image(url: url))
                default:
                    throw .invalid(
                        p.path("type"),
                        "must be one of `input_text`, `output_text`, `refusal`, `input_image`, got `\(type)`")
                }
            }
            return parts
        default:
            throw .wrongType(f.path("content"), expected: "string or array", got: v)
        }
    }

    /// `output`: a string, or text parts (joined).
    private static func output(_ f: JSONFields) throws(JSONFieldError) -> String {
        guard let v = f.value("output") else { throw .missing(f.path("output")) }
        switch v {
        case .string(let s):
            return s
        case .array(let items):
            var text = ""
            for (i, item) in items.enumerated() {
                let p = try JSONFields(item, path: f.path("output", i))
                let type = try p.requiredString("type")
                guard type == "input_text" || type == "output_text" else {
                    throw .invalid(p.path("type"), "only text parts are supported in a function call output, got `\(type)`")
                }
                text += try p.requiredString("text")
            }
            return text
        default:
            throw .wrongType(f.path("output"), expected: "string or array", got: v)
        }
    }
}
