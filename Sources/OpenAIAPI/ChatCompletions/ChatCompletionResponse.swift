public import InferenceTypes

/// Builds the non-streaming `chat.completion` body from a folded `ChatResult` (API.md §2.3).
public enum ChatCompletionResponse {
    /// The response body. `logprobs` says whether the client asked for them (else `logprobs: null`).
    public static func json(
        _ result: ChatResult, header: OpenAIResponseHeader, options: OpenAIResponseOptions, logprobs: Bool
    ) -> JSONValue {
        var choices: [JSONValue] = []
        for (i, c) in result.choices.enumerated() {
            var message: [(String, JSONValue)] = [("role", "assistant")]
            // With tool calls and no preamble text, `content` is null (OpenAI's shape).
            message.append(("content", c.content.isEmpty && !c.toolCalls.isEmpty ? .null : .string(c.content)))
            message.append(("reasoning_content", c.reasoning.isEmpty ? .null : .string(c.reasoning)))
            if options.emitReasoningAlias { message.append(("reasoning", c.reasoning.isEmpty ? .null : .string(c.reasoning))) }
            message.append(("refusal", .null))
            if !c.toolCalls.isEmpty {
                message.append(("tool_calls", .array(c.toolCalls.map(toolCallJSON))))
            }
            choices.append(
                .makeObject([
                    ("index", .int(Int64(i))),
                    ("message", .makeObject(message)),
                    ("logprobs", logprobs ? logprobsJSON(c.logprobs) : .null),
                    ("finish_reason", c.finishReason.map { .string($0.openAIValue) } ?? .null),
                ]))
        }
        return .makeObject([
            ("id", .string(header.id)),
            ("object", "chat.completion"),
            ("created", .int(Int64(header.created))),
            ("model", .string(header.model)),
            ("system_fingerprint", .string(header.systemFingerprint)),
            ("choices", .array(choices)),
            ("usage", result.usage.openAIJSON(options)),
        ])
    }

    static func toolCallJSON(_ call: ToolCall) -> JSONValue {
        .makeObject([
            ("id", .string(call.id)), ("type", "function"),
            ("function", .makeObject([("name", .string(call.name)), ("arguments", .string(call.arguments))])),
        ])
    }
}
