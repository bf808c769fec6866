public import InferenceTypes

extension TokenLogprob {
    /// One entry of OpenAI `logprobs.content`.
    public var openAIJSON: JSONValue {
        .makeObject([
            ("token", .string(token)), ("logprob", .double(logprob)), ("bytes", .array(bytes.map { .int(Int64($0)) })),
            (
                "top_logprobs",
                .array(
                    top.map { alt in
                        .makeObject([
                            ("token", .string(alt.token)), ("logprob", .double(alt.logprob)),
                            ("bytes", .array(alt.bytes.map { .int(Int64($0)) })),
                        ])
                    })
            ),
        ])
    }
}

/// The `logprobs` object of a choice or chunk.
func logprobsJSON(_ items: [TokenLogprob]) -> JSONValue {
    .makeObject([("content", .array(items.map(\.openAIJSON))), ("refusal", .null)])
}
