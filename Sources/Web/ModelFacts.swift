import InferenceTypes

/// The prose of a model page (features and FAQ), shared by its HTML, markdown and llms.txt so they never disagree.
/// Plain text: renderers escape it for their format.
public struct ModelFacts: Sendable {
    /// One question and its answer.
    public struct Question: Sendable, Hashable {
        public var question: String
        public var answer: String
    }

    /// The name the page is about.
    public let entry: WebModel
    /// The server.
    public let site: WebSite

    /// The facts of `entry` on `site`.
    public init(_ entry: WebModel, on site: WebSite) {
        self.entry = entry
        self.site = site
    }

    /// One sentence saying what the name is.
    public var summary: String {
        var s = "\(entry.name) is "
        if entry.isAlias {
            s += "an alias of \(entry.model.id) (\(entry.model.displayName)) on this Swiftlet server"
        } else {
            s += "\(entry.model.displayName), served by this Swiftlet server on its own CPU inference engine"
        }
        s += ", with a context window of \(Formatting.context(entry.contextLength))"
        s += entry.alwaysReasons ? "; it always reasons before it answers unless told not to." : "."
        return s
    }

    /// What the model can do here.
    public var features: [String] {
        var list = [
            "OpenAI-compatible Chat Completions and Responses APIs, streamed (server-sent events) or not.",
            "Anthropic-compatible Messages and Count Tokens APIs: works with the Anthropic SDKs and Claude Code.",
            entry.alwaysReasons
                ? "Reasoning on by default: the thinking trace streams in `reasoning_content` (OpenAI) or thinking blocks (Anthropic) before the answer; `reasoning_effort` sets its budget and `none` turns it off."
                : "Reasoning on request: `reasoning_effort` (OpenAI) or `thinking` (Anthropic) makes the model think first; the trace streams in `reasoning_content` or thinking blocks.",
            "Tool calling and structured outputs (JSON schema, enforced by grammar-constrained decoding).",
            "Usage and cost in every response (`usage.cost_in_usd_ticks`, 1 USD = 10,000,000,000 ticks) and in the key's ledger.",
            "Prompt caching: repeated prompt prefixes are not computed again and are billed at the cached input price.",
        ]
        if !entry.model.capabilities.isEmpty {
            list.append("Capabilities: \(entry.model.capabilities.joined(separator: ", ")).")
        }
        return list
    }

    /// Questions people ask, answered for this server.
    public var questions: [Question] {
        [
            Question(
                question: "Which base URL and key do I use?",
                answer: "Point any OpenAI client at \(site.baseURL)/v1 and any Anthropic client at \(site.baseURL). "
                    + "Send the key as `Authorization: Bearer YOUR_API_KEY` or `x-api-key: YOUR_API_KEY`"
                    + (site.keysRequired == false ? "; this server is open, so any key (or none) is accepted." : ".")),
            Question(
                question: "What does a request cost?",
                answer: "\(Formatting.prices(entry.pricing).capitalizedFirst). Reasoning tokens are billed as output tokens. "
                    + "Each response reports its cost, and \(site.baseURL)/usage shows a key's balance and spend."),
            Question(
                question: "How long can a conversation be?",
                answer: "Prompt and answer together must fit the context window of \(Formatting.context(entry.contextLength)); "
                    + "a longer prompt is refused with `prompt is too long`."),
            Question(
                question: "How do I use it with Claude Code?",
                answer: "Set ANTHROPIC_BASE_URL to \(site.baseURL), ANTHROPIC_AUTH_TOKEN to your key and ANTHROPIC_MODEL to "
                    + "\(entry.name), then run `claude`."),
            Question(
                question: "Where does it run?",
                answer: "On the machine that serves this page: Swiftlet runs the model in-process on the CPU; prompts and "
                    + "answers never leave the server."),
        ]
    }
}

extension String {
    /// The string with its first character upper-cased (`free` → `Free`).
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
