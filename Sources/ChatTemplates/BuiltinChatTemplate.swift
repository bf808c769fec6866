/// Chat templates Swiftlet supplies for model files that carry none, written as Jinja sources and rendered by
/// the same interpreter as real templates.
public enum BuiltinChatTemplate: String, Sendable, Hashable, CaseIterable {
    /// ChatML (`<|im_start|>{role}\n{content}<|im_end|>\n`), with tools offered and called the Qwen/Hermes
    /// way: a `# Tools` system section, `<tool_call>{json}</tool_call>` in assistant turns, and tool results as a
    /// user turn of `<tool_response>` blocks.
    case chatML
    /// Gemma turns (`<start_of_turn>user\n…<end_of_turn>\n`): no system role (the system text prefixes the first
    /// turn), the assistant is called `model`, and the prompt starts with `{{ bos_token }}`.
    case gemma

    /// The Jinja source.
    public var source: String {
        switch self {
        case .chatML: return BuiltinChatTemplate.chatMLSource
        case .gemma: return BuiltinChatTemplate.gemmaSource
        }
    }

    /// Shared pieces: the text of a message's content, the tools section, and one tool call.
    static let macros = #"""
        {%- macro content_text(content) -%}
            {%- if content is string -%}
                {{- content -}}
            {%- elif content is iterable -%}
                {%- for part in content if part.type == 'text' -%}
                    {{- part.text -}}
                {%- endfor -%}
            {%- endif -%}
        {%- endmacro -%}
        {%- macro tools_section(tools) -%}
            {{- "# Tools\n\nYou may call one or more functions to assist with the user query.\n\nYou are provided with function signatures within <tools></tools> XML tags:\n<tools>" -}}
            {%- for tool in tools -%}
                {{- "\n" + tool | tojson -}}
            {%- endfor -%}
            {{- "\n</tools>\n\nFor each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:\n<tool_call>\n{\"name\": <function-name>, \"arguments\": <args-json-object>}\n</tool_call>" -}}
        {%- endmacro -%}
        {%- macro tool_call_text(call) -%}
            {%- set call = call.function if call.function is defined else call -%}
            {{- '<tool_call>\n{"name": "' + call.name + '", "arguments": ' -}}
            {%- if call.arguments is string -%}
                {{- call.arguments -}}
            {%- else -%}
                {{- call.arguments | tojson -}}
            {%- endif -%}
            {{- '}\n</tool_call>' -}}
        {%- endmacro -%}

        """#

    private static let chatMLSource = macros + #"""
        {%- if tools -%}
            {{- '<|im_start|>system\n' -}}
            {%- if messages and messages[0].role == 'system' -%}
                {{- content_text(messages[0].content) + '\n\n' -}}
            {%- endif -%}
            {{- tools_section(tools) + '<|im_end|>\n' -}}
        {%- elif messages and messages[0].role == 'system' -%}
            {{- '<|im_start|>system\n' + content_text(messages[0].content) + '<|im_end|>\n' -}}
        {%- endif -%}
        {%- for message in messages -%}
            {%- if message.role == 'system' and loop.first -%}
            {%- elif message.role == 'tool' -%}
                {%- if loop.first or messages[loop.index0 - 1].role != 'tool' -%}
                    {{- '<|im_start|>user' -}}
                {%- endif -%}
                {{- '\n<tool_response>\n' + content_text(message.content) + '\n</tool_response>' -}}
                {%- if loop.last or messages[loop.index0 + 1].role != 'tool' -%}
                    {{- '<|im_end|>\n' -}}
                {%- endif -%}
            {%- else -%}
                {%- set content = content_text(message.content) -%}
                {{- '<|im_start|>' + message.role + '\n' + content -}}
                {%- if message.tool_calls is defined -%}
                    {%- for call in message.tool_calls -%}
                        {%- if content or not loop.first -%}
                            {{- '\n' -}}
                        {%- endif -%}
                        {{- tool_call_text(call) -}}
                    {%- endfor -%}
                {%- endif -%}
                {{- '<|im_end|>\n' -}}
            {%- endif -%}
        {%- endfor -%}
        {%- if add_generation_prompt -%}
            {{- '<|im_start|>assistant\n' -}}
        {%- endif -%}
        """#

    private static let gemmaSource = macros + #"""
        {{- bos_token -}}
        {%- set prefix = namespace(text='') -%}
        {%- if messages and messages[0].role == 'system' -%}
            {%- set prefix.text = content_text(messages[0].content) | trim + '\n\n' -%}
            {%- set loop_messages = messages[1:] -%}
        {%- else -%}
            {%- set loop_messages = messages -%}
        {%- endif -%}
        {%- if tools -%}
            {%- set prefix.text = prefix.text + tools_section(tools) + '\n\n' -%}
        {%- endif -%}
        {%- for message in loop_messages -%}
            {%- set first = prefix.text if loop.first else '' -%}
            {%- if message.role == 'tool' -%}
                {%- if loop.first or loop_messages[loop.index0 - 1].role != 'tool' -%}
                    {{- '<start_of_turn>user\n' + first -}}
                {%- else -%}
                    {{- '\n' -}}
                {%- endif -%}
                {{- '<tool_response>\n' + content_text(message.content) + '\n</tool_response>' -}}
                {%- if loop.last or loop_messages[loop.index0 + 1].role != 'tool' -%}
                    {{- '<end_of_turn>\n' -}}
                {%- endif -%}
            {%- else -%}
                {%- set role = 'model' if message.role == 'assistant' else 'user' -%}
                {%- set content = content_text(message.content) | trim -%}
                {{- '<start_of_turn>' + role + '\n' + first + content -}}
                {%- if message.tool_calls is defined -%}
                    {%- for call in message.tool_calls -%}
                        {%- if content or not loop.first -%}
                            {{- '\n' -}}
                        {%- endif -%}
                        {{- tool_call_text(call) -}}
                    {%- endfor -%}
                {%- endif -%}
                {{- '<end_of_turn>\n' -}}
            {%- endif -%}
        {%- endfor -%}
        {%- if add_generation_prompt -%}
            {{- '<start_of_turn>model\n' -}}
        {%- endif -%}
        """#
}
