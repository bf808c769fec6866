/// A finished choice: what the events of one choice add up to.
public struct ChoiceResult: Sendable, Hashable {
    public var reasoning: String = ""
    public var content: String = ""
    public var toolCalls: [ToolCall] = []
    public var logprobs: [TokenLogprob] = []
    /// nil until the `finished` event arrives.
    public var finishReason: FinishReason?

    public init() {}
}

/// A whole chat response folded from its stream.
public struct ChatResult: Sendable, Hashable {
    public var choices: [ChoiceResult] = []
    public var usage = Usage()

    public init() {}
}

/// Folds `ChatStreamItem`s into a `ChatResult`. Non-streaming responses are built with it from the very events a
/// streaming response would send, so the two can never disagree.
public struct ChatResultAccumulator: Sendable {
    public private(set) var result = ChatResult()

    public init() {}

    /// Adds one item.
    public mutating func add(_ item: ChatStreamItem) {
        switch item {
        case .started(let prompt, let cached):
            result.usage.promptTokens = prompt
            result.usage.cachedPromptTokens = cached
        case .usage(let u):
            result.usage = u
        case .choice(let index, let event):
            guard index >= 0 else { return }
            while result.choices.count <= index { result.choices.append(ChoiceResult()) }
            apply(event, to: &result.choices[index])
        }
    }

    private func apply(_ event: ChatEvent, to c: inout ChoiceResult) {
        switch event {
        case .reasoningDelta(let s): c.reasoning += s
        case .contentDelta(let s): c.content += s
        case .toolCallStart(let index, let id, let name):
            while c.toolCalls.count <= index { c.toolCalls.append(ToolCall(id: "", name: "", arguments: "")) }
            c.toolCalls[index].id = id
            c.toolCalls[index].name = name
        case .toolCallArguments(let index, let delta):
            if index < c.toolCalls.count { c.toolCalls[index].arguments += delta }
        case .toolCallEnd: break
        case .logprobs(let items): c.logprobs += items
        case .finished(let reason): c.finishReason = reason
        }
    }
}
