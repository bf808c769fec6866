import Jinja

/// A chat template parsed and rendered with a small conversation (system, user, assistant with a tool call, tool
/// result) and one tool, the variables chat templates read. The render runs with the server's call-depth limit but
/// tighter loop and output limits, so that each input is cheap; the library's own limits bound the rest.
enum JinjaFuzz {
    static let environment = RenderEnvironment(
        now: { LocalDateTime(year: 2025, month: 1, day: 2, hour: 3, minute: 4, second: 5) },
        maxLoopIterations: 20_000, maxOutputLength: 1 << 20, maxBuiltBytes: 16 << 20)

    static let context: [String: Value] = {
        let call: Value = [
            "id": "call_1", "type": "function",
            "function": ["name": "get_weather", "arguments": ["city": "Paris", "days": 3]],
        ]
        let messages: Value = [
            ["role": "system", "content": "You are terse."],
            ["role": "user", "content": "Weather in Paris?"],
            ["role": "assistant", "content": .none, "tool_calls": [call], "reasoning_content": "Look it up."],
            ["role": "tool", "tool_call_id": "call_1", "name": "get_weather", "content": "{\"temp\": 21.5}"],
            ["role": "user", "content": [["type": "text", "text": "Thanks"], ["type": "image"]]],
        ]
        let tool: Value = [
            "type": "function",
            "function": [
                "name": "get_weather", "description": "Current weather",
                "parameters": [
                    "type": "object", "properties": ["city": ["type": "string"], "days": ["type": "integer"]],
                    "required": ["city"],
                ],
            ],
        ]
        return [
            "messages": messages, "tools": [tool], "add_generation_prompt": true, "bos_token": "<s>",
            "eos_token": "</s>", "enable_thinking": false, "date_string": "02 Jan 2025",
        ]
    }()

    static func run(_ bytes: [UInt8]) {
        let source = String(decoding: bytes, as: UTF8.self)
        _ = try? Template(source, options: .jinja2Defaults)
        let template: Template
        do {
            template = try Template(source)
        } catch {
            _ = error.description
            return
        }
        do {
            let text = try template.render(context, environment: environment)
            FuzzCheck.require(text.utf8.count <= environment.maxOutputLength, "render output over the limit")
        } catch {
            _ = error.description
        }
    }
}
