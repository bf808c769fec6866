public import InferenceTypes

/// Builds the non-streaming `chat.completion` body from a folded `ChatResult` .
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
            message += options.reasoningFields(c.reasoning.isEmpty ? .null : .string(c.reasoning))
            message.append(("refusal", .null))
            if !c.toolCalls.isEmpty {
                message.append(("tool_calls", .array(c.toolCalls.map {
                    toolCallJSON(id: $0.id, name: $0.name, arguments: $0.arguments)
                })))
            }
            choices.append(
                .makeObject([
                    ("index", .int(Int64(i))),
                    ("message", .makeObject(message)),
                    ("logprobs", logprobs ? logprobsJSON(c.logprobs) : .null),
                    ("finish_reason", c.finishReason.map { .string($0.openAIValue) } ?? .null),
                ]))
        }
        return header.envelope(object: "chat.completion", choices: choices, usage: result.usage.openAIJSON(options))
    }
}
