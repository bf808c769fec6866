public import InferenceTypes

/// One item of a response's `output` as it is built: a reasoning item, an assistant message, or a function call.
///
/// The same value renders every snapshot of the item: in `response.output_item.added` (in progress: no summary
/// part, no content part, empty arguments), in `response.output_item.done`, and in the response object.
public struct ResponseOutputItem: Sendable, Hashable {
    /// What the item is.
    public enum Kind: Sendable, Hashable {
        /// Reasoning; `text` is its summary text (Swiftlet's visible reasoning trace).
        case reasoning
        /// An assistant message; `text` is its `output_text`.
        case message
        /// A function call; `text` is its arguments JSON.
        case functionCall(callID: String, name: String)
    }

    /// The item's kind.
    public var kind: Kind
    /// `rs_…`, `msg_…` or `fc_…`.
    public var id: String
    /// The summary text, the message text, or the arguments, so far.
    public var text: String = ""
    /// Log-probabilities of the message's tokens (when asked for with `include`).
    public var logprobs: [TokenLogprob] = []
    /// `in_progress`, `completed` or `incomplete`.
    public var status: String = "in_progress"

    /// A new, empty item.
    public init(kind: Kind, id: String) {
        self.kind = kind
        self.id = id
    }

    /// True while the item is still being generated.
    public var isInProgress: Bool { status == "in_progress" }

    /// The item object.
    public var json: JSONValue {
        switch kind {
        case .reasoning:
            return .makeObject([
                ("id", .string(id)), ("type", "reasoning"), ("summary", isInProgress ? [] : [summaryPartJSON]),
            ])
        case .message:
            return .makeObject([
                ("id", .string(id)), ("type", "message"), ("status", .string(status)), ("role", "assistant"),
                ("content", isInProgress ? [] : [contentPartJSON]),
            ])
        case .functionCall(let callID, let name):
            return .makeObject([
                ("id", .string(id)), ("type", "function_call"), ("status", .string(status)),
                ("arguments", .string(isInProgress ? "" : text)), ("call_id", .string(callID)), ("name", .string(name)),
            ])
        }
    }

    /// A reasoning item's summary part (`summary_text`), with the text so far.
    public var summaryPartJSON: JSONValue {
        .makeObject([("type", "summary_text"), ("text", .string(text))])
    }

    /// A message's content part (`output_text`), with the text so far.
    public var contentPartJSON: JSONValue {
        var fields: [(String, JSONValue)] = [("type", "output_text"), ("text", .string(text)), ("annotations", [])]
        fields.append(("logprobs", .array(logprobs.map(\.openAIJSON))))
        return .makeObject(fields)
    }
}
