/// The quick-start code on model pages, in every language the playground offers, for one set of settings. Each runs
/// as written against the server at ``SnippetSettings/baseURL``.
///
/// - Important: `Assets/playground.js` builds the same snippets in the browser (its `snippets` function); a change
///   here needs the same change there (the browser test checks both agree at the default settings).
public enum Snippet: String, Sendable, CaseIterable {
    /// Python `requests` against the ModelsLab-style route, as the hosted pages write it (key in the body).
    case python
    /// The official OpenAI Python SDK.
    case openai
    /// JavaScript `fetch`.
    case javascript
    /// cURL.
    case curl
    /// PHP with the curl extension.
    case php
    /// The official Anthropic Python SDK on the Messages API.
    case anthropic
    /// Claude Code's environment.
    case claudeCode = "claude-code"

    /// The tab's title.
    public var title: String {
        switch self {
        case .python: "Python"
        case .openai: "OpenAI SDK"
        case .javascript: "JavaScript"
        case .curl: "cURL"
        case .php: "PHP"
        case .anthropic: "Anthropic SDK"
        case .claudeCode: "Claude Code"
        }
    }

    /// The language, for `class="language-…"` and markdown fences.
    public var language: String {
        switch self {
        case .python, .openai, .anthropic: "python"
        case .javascript: "javascript"
        case .curl, .claudeCode: "bash"
        case .php: "php"
        }
    }

    /// The code.
    public func code(_ s: SnippetSettings) -> String {
        switch self {
        case .python: Self.python(s)
        case .openai: Self.openAI(s)
        case .javascript: Self.javaScript(s)
        case .curl: Self.curl(s)
        case .php: Self.php(s)
        case .anthropic: Self.anthropic(s)
        case .claudeCode: Self.claudeCode(s)
        }
    }

    private static func python(_ s: SnippetSettings) -> String {
        let payload = CodeLiteral.object(
            [.init(key: "key", value: .string(s.key)), .init(key: "model_id", value: .string(s.model)),
             .init(key: "messages", value: s.openAIMessages)] + s.samplingFields)
        return """
            import requests

            url = \(CodeLiteral.jsonString(s.baseURL + WebEndpoint.modelsLabChat.path))

            payload = \(payload.render(.json, indent: "", unit: "    "))

            headers = {
                "Content-Type": "application/json"
            }

            response = requests.post(url, json=payload, headers=headers)
            print(response.json())

            """
    }

    /// Keyword arguments, one per line, from the fields of a body.
    private static func keywordArguments(_ fields: [CodeLiteral.Field]) -> String {
        fields.map { "    \($0.key)=\($0.value.render(.json, indent: "    ", unit: "    "))," }.joined(separator: "\n")
    }

    private static func openAI(_ s: SnippetSettings) -> String {
        guard case .object(let fields) = s.chatBody else { return "" }
        return """
            from openai import OpenAI

            client = OpenAI(
                base_url=\(CodeLiteral.jsonString(s.baseURL + "/v1")),
                api_key=\(CodeLiteral.jsonString(s.key)),
            )

            completion = client.chat.completions.create(
            \(keywordArguments(fields))
            )

            print(completion.choices[0].message.content)

            """
    }

    private static func javaScript(_ s: SnippetSettings) -> String {
        """
        const response = await fetch(\(CodeLiteral.jsonString(s.baseURL + WebEndpoint.chatCompletions.path)), {
          method: "POST",
          headers: {
            "Content-Type": "application/json",
            "Authorization": \(CodeLiteral.jsonString("Bearer " + s.key))
          },
          body: JSON.stringify(\(s.chatBody.render(.json, indent: "  ", unit: "  ")))
        });

        const data = await response.json();
        console.log(data.choices[0].message.content);

        """
    }

    private static func curl(_ s: SnippetSettings) -> String {
        let body = s.chatBody.render(.json, indent: "", unit: "  ")
        return """
            curl \(CodeLiteral.shellWord(s.baseURL + WebEndpoint.chatCompletions.path)) \\
              -H 'Content-Type: application/json' \\
              -H \(CodeLiteral.shellWord("Authorization: Bearer " + s.key)) \\
              -d \(CodeLiteral.shellWord(body))

            """
    }

    private static func php(_ s: SnippetSettings) -> String {
        """
        <?php
        $payload = \(s.chatBody.render(.php, indent: "", unit: "    "));

        $ch = curl_init(\(CodeLiteral.phpString(s.baseURL + WebEndpoint.chatCompletions.path)));
        curl_setopt_array($ch, [
            CURLOPT_POST => true,
            CURLOPT_RETURNTRANSFER => true,
            CURLOPT_HTTPHEADER => [
                'Content-Type: application/json',
                \(CodeLiteral.phpString("Authorization: Bearer " + s.key)),
            ],
            CURLOPT_POSTFIELDS => json_encode($payload),
        ]);

        $response = curl_exec($ch);
        curl_close($ch);

        $data = json_decode($response, true);
        echo $data['choices'][0]['message']['content'], PHP_EOL;

        """
    }

    private static func anthropic(_ s: SnippetSettings) -> String {
        var fields: [CodeLiteral.Field] = [
            .init(key: "model", value: .string(s.model)),
            .init(key: "max_tokens", value: .number(String(s.maxTokens))),
        ]
        if !s.system.isEmpty { fields.append(.init(key: "system", value: .string(s.system))) }
        // The SDK's `create` no longer names temperature or top_p; the Messages API still takes them.
        fields += [
            .init(key: "messages", value: s.anthropicMessages),
            .init(key: "extra_body", value: .object([
                .init(key: "temperature", value: .number(Formatting.number(s.temperature))),
                .init(key: "top_p", value: .number(Formatting.number(s.topP))),
            ])),
        ]
        return """
            import anthropic

            client = anthropic.Anthropic(
                base_url=\(CodeLiteral.jsonString(s.baseURL)),
                api_key=\(CodeLiteral.jsonString(s.key)),
            )

            message = client.messages.create(
            \(keywordArguments(fields))
            )

            print("".join(block.text for block in message.content if block.type == "text"))

            """
    }

    private static func claudeCode(_ s: SnippetSettings) -> String {
        """
        export ANTHROPIC_BASE_URL=\(CodeLiteral.shellWord(s.baseURL))
        export ANTHROPIC_AUTH_TOKEN=\(CodeLiteral.shellWord(s.key))
        export ANTHROPIC_MODEL=\(CodeLiteral.shellWord(s.model))
        export ANTHROPIC_DEFAULT_HAIKU_MODEL=\(CodeLiteral.shellWord(s.model))
        claude

        """
    }
}
