import InferenceTypes

/// The schemas the operations refer to (`#/components/schemas/…`). Request schemas list what Swiftlet reads, with
/// the ranges it accepts; response schemas list what every response of that kind carries. Objects allow other
/// members, as the APIs Swiftlet follows do.
enum OpenAPIComponents {
    static let schemas: JSONValue = .makeObject([
        ("OpenAIError", Schema.object([
            "error": Schema.object([
                "message": Schema.string, "type": Schema.string, "param": Schema.nullable(Schema.string),
                "code": Schema.nullable(Schema.oneOf(Schema.string, Schema.integer)),
            ], required: ["message", "type"]),
        ], required: ["error"])),
        ("AnthropicError", Schema.object([
            "type": Schema.enumeration("error"),
            "error": Schema.object(["type": Schema.string, "message": Schema.string], required: ["type", "message"]),
            "request_id": Schema.string,
        ], required: ["type", "error"])),
        ("Message", Schema.object([
            "role": Schema.enumeration("system", "developer", "user", "assistant", "tool"),
            "content": Schema.oneOf(Schema.string, Schema.array(Schema.object([:])), ["type": "null"]),
            "name": Schema.string, "tool_call_id": Schema.string, "tool_calls": Schema.array(Schema.object([:])),
        ], required: ["role"])),
        ("Sampling", Schema.object([
            "temperature": Schema.number(0...2), "top_p": Schema.number(0...1), "top_k": Schema.integer(0...1_000_000),
            "min_p": Schema.number(0...1), "seed": Schema.integer, "frequency_penalty": Schema.number(-2...2),
            "presence_penalty": Schema.number(-2...2), "n": Schema.integer(1...8),
            "stop": Schema.oneOf(Schema.string, Schema.array(Schema.string)),
        ])),
        ("ChatCompletionRequest", Schema.object([
            "model": Schema.string, "messages": Schema.array(Schema.ref("Message")),
            "max_tokens": Schema.integer(1...Int(Int32.max)), "max_completion_tokens": Schema.integer(1...Int(Int32.max)),
            "stream": Schema.boolean, "stream_options": Schema.object(["include_usage": Schema.boolean]),
            "temperature": Schema.number(0...2), "top_p": Schema.number(0...1), "n": Schema.integer(1...8),
            "seed": Schema.integer, "stop": Schema.oneOf(Schema.string, Schema.array(Schema.string)),
            "tools": Schema.array(Schema.object([:])), "tool_choice": Schema.oneOf(Schema.string, Schema.object([:])),
            "response_format": Schema.object(["type": Schema.enumeration("text", "json_object", "json_schema")]),
            "reasoning_effort": Schema.enumeration("low", "medium", "high"),
            "logprobs": Schema.boolean, "top_logprobs": Schema.integer(0...20),
        ], required: ["model", "messages"])),
        ("ModelsLabChatRequest", Schema.object([
            "key": Schema.string, "model_id": Schema.string, "model": Schema.string,
            "messages": Schema.array(Schema.ref("Message")), "max_tokens": Schema.integer(1...Int(Int32.max)),
            "stream": Schema.boolean, "temperature": Schema.number(0...2),
        ], required: ["messages"])),
        ("ChatCompletion", Schema.object([
            "id": Schema.string, "object": Schema.enumeration("chat.completion"), "created": Schema.integer,
            "model": Schema.string, "choices": Schema.array(Schema.object([
                "index": Schema.integer, "message": Schema.object(["role": Schema.string]),
                "finish_reason": Schema.nullable(Schema.string),
            ], required: ["index", "message"])),
            "usage": Schema.ref("OpenAIUsage"),
        ], required: ["id", "object", "created", "model", "choices"])),
        ("OpenAIUsage", Schema.object([
            "prompt_tokens": Schema.integer, "completion_tokens": Schema.integer, "total_tokens": Schema.integer,
        ], required: ["prompt_tokens", "completion_tokens", "total_tokens"])),
        ("CompletionRequest", Schema.object([
            "model": Schema.string, "prompt": Schema.oneOf(Schema.string, Schema.array(Schema.string)),
            "max_tokens": Schema.integer(1...Int(Int32.max)), "stream": Schema.boolean,
            "temperature": Schema.number(0...2), "top_p": Schema.number(0...1), "n": Schema.integer(1...8),
            "seed": Schema.integer, "echo": Schema.boolean, "logprobs": Schema.integer(0...20),
        ], required: ["model", "prompt"])),
        ("Completion", Schema.object([
            "id": Schema.string, "object": Schema.enumeration("text_completion"), "created": Schema.integer,
            "model": Schema.string, "choices": Schema.array(Schema.object(["index": Schema.integer, "text": Schema.string],
                required: ["index", "text"])),
        ], required: ["id", "object", "created", "model", "choices"])),
        ("InputTokens", Schema.object([
            "object": Schema.string, "input_tokens": Schema.integer,
        ], required: ["input_tokens"])),
        ("TokenizeTextRequest", Schema.object(["model": Schema.string, "text": Schema.string], required: ["text"])),
        ("TokenizeText", Schema.object([
            "token_ids": Schema.array(Schema.object([
                "token_id": Schema.integer, "string_token": Schema.string, "token_bytes": Schema.array(Schema.integer),
            ], required: ["token_id"])),
        ], required: ["token_ids"])),
        ("MessagesRequest", Schema.object([
            "model": Schema.string, "max_tokens": Schema.integer(1...Int(Int32.max)),
            "messages": Schema.array(Schema.object([
                "role": Schema.enumeration("user", "assistant"),
                "content": Schema.oneOf(Schema.string, Schema.array(Schema.object([:]))),
            ], required: ["role", "content"])),
            "system": Schema.oneOf(Schema.string, Schema.array(Schema.object([:]))), "stream": Schema.boolean,
            "temperature": Schema.number(0...1), "top_p": Schema.number(0...1), "top_k": Schema.integer(0...1_000_000),
            "stop_sequences": Schema.array(Schema.string), "tools": Schema.array(Schema.object([:])),
            "tool_choice": Schema.object([:]), "thinking": Schema.object([:]), "metadata": Schema.object([:]),
        ], required: ["model", "max_tokens", "messages"])),
        ("CountTokensRequest", Schema.object([
            "model": Schema.string, "messages": Schema.array(Schema.object([:])),
            "system": Schema.oneOf(Schema.string, Schema.array(Schema.object([:]))), "tools": Schema.array(Schema.object([:])),
        ], required: ["model", "messages"])),
        ("AnthropicMessage", Schema.object([
            "id": Schema.string, "type": Schema.enumeration("message"), "role": Schema.enumeration("assistant"),
            "content": Schema.array(Schema.object(["type": Schema.string], required: ["type"])), "model": Schema.string,
            "stop_reason": Schema.nullable(Schema.string),
            "usage": Schema.object(["input_tokens": Schema.integer, "output_tokens": Schema.integer],
                required: ["input_tokens", "output_tokens"]),
        ], required: ["id", "type", "role", "content", "model", "usage"])),
        ("CountTokens", Schema.object(["input_tokens": Schema.integer], required: ["input_tokens"])),
        ("ResponseRequest", Schema.object([
            "model": Schema.string, "input": Schema.oneOf(Schema.string, Schema.array(Schema.object([:]))),
            "instructions": Schema.string, "max_output_tokens": Schema.integer(1...Int(Int32.max)),
            "temperature": Schema.number(0...2), "top_p": Schema.number(0...1), "stream": Schema.boolean,
            "store": Schema.boolean, "previous_response_id": Schema.string, "tools": Schema.array(Schema.object([:])),
            "text": Schema.object([:]), "reasoning": Schema.object([:]), "metadata": Schema.object([:]),
        ], required: ["model", "input"])),
        ("Response", Schema.object([
            "id": Schema.string, "object": Schema.enumeration("response"), "created_at": Schema.number,
            "status": Schema.string, "model": Schema.string, "output": Schema.array(Schema.object([:])),
        ], required: ["id", "object", "status", "model", "output"])),
        ("ResponseDeleted", Schema.object([
            "id": Schema.string, "object": Schema.string, "deleted": Schema.boolean,
        ], required: ["id", "deleted"])),
        ("List", Schema.object([
            "object": Schema.enumeration("list"), "data": Schema.array(Schema.object([:])),
        ], required: ["object", "data"])),
        ("Model", Schema.object([
            "id": Schema.string, "object": Schema.enumeration("model"), "created": Schema.integer,
            "owned_by": Schema.string, "context_length": Schema.integer, "aliases": Schema.array(Schema.string),
        ], required: ["id", "object", "created", "owned_by"])),
        ("ModelList", Schema.object([
            "object": Schema.enumeration("list"), "data": Schema.array(Schema.ref("Model")),
        ], required: ["object", "data"])),
        ("Health", Schema.object(["status": Schema.string, "models": Schema.array(Schema.string)], required: ["status"])),
        ("Ready", Schema.object([
            "status": Schema.enumeration("ready", "not_ready", "draining"), "models": Schema.array(Schema.string),
            "database": Schema.string,
        ], required: ["status", "models", "database"])),
        ("APIKey", Schema.object([
            "id": Schema.string, "object": Schema.enumeration("api_key"), "name": Schema.string, "prefix": Schema.string,
            "status": Schema.string, "created_at": Schema.integer,
        ], required: ["id", "object", "name", "prefix", "status"])),
        ("NewAPIKey", Schema.object([
            "name": Schema.string, "models": Schema.array(Schema.string), "credits": Schema.number(0...1_000_000),
            "free_tier": Schema.boolean, "rpm": Schema.integer(1...1_000_000_000), "tpm": Schema.integer(1...1_000_000_000_000),
            "expires_in_days": Schema.integer(1...36_500), "admin": Schema.boolean,
        ], required: ["name"])),
        ("TopUp", Schema.object(["credits": Schema.number(0...1_000_000)], required: ["credits"])),
        ("Usage", Schema.object([
            "object": Schema.enumeration("list"), "data": Schema.array(Schema.object([:])), "totals": Schema.object([:]),
        ], required: ["object", "data", "totals"])),
    ])
}
