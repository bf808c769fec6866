public import InferenceTypes

/// What changed in a response's output after one stream item: the changes the stream encoder turns into events.
public enum ResponseOutputChange: Sendable, Hashable {
    /// A new item at `outputIndex` (its in-progress snapshot).
    case added(outputIndex: Int, item: ResponseOutputItem)
    /// More text for the item at `outputIndex`: summary text, message text or arguments, by the item's kind.
    case delta(outputIndex: Int, itemID: String, kind: ResponseOutputItem.Kind, delta: String)
    /// The item at `outputIndex` is complete (its final snapshot).
    case done(outputIndex: Int, item: ResponseOutputItem)
}

/// Folds a chat response stream into a Responses API `output` list, reporting each change.
///
/// The streaming encoder sends the changes as events; a non-streaming response and a stored one use the folded
/// items, so all of them show the same output. Only choice 0 is read (the Responses API has no `n`).
///
/// One item is open at a time: reasoning text opens a reasoning item, answer text a message, a tool call a function
/// call; output of another kind closes the open item first, and the end of the choice closes the last one
/// (`incomplete` when the token cap cut it off). Item ids are derived from the response id and the output index, so
/// folding the same stream twice gives the same items.
public struct ResponseOutputAssembler: Sendable {
    /// The response id the item ids derive from.
    public let responseID: String
    /// The output items so far.
    public private(set) var items: [ResponseOutputItem] = []
    /// The usage: prompt facts from the start, then the final totals.
    public private(set) var usage = Usage()
    /// Why generation ended, once it has.
    public private(set) var finishReason: FinishReason?
    private var open: Int?
    /// Tool call index in the choice → output index.
    private var calls: [Int: Int] = [:]

    /// An empty output for the response `responseID`.
    public init(responseID: String) {
        self.responseID = responseID
    }

    /// True when the token cap (or the context window) ended generation.
    public var isIncomplete: Bool {
        switch finishReason {
        case .length, .contextLength: return true
        default: return false
        }
    }

    /// Adds one stream item; returns what changed.
    public mutating func add(_ item: ChatStreamItem) -> [ResponseOutputChange] {
        switch item {
        case .started(let prompt, let cached):
            usage.promptTokens = prompt
            usage.cachedPromptTokens = cached
            return []
        case .usage(let u):
            usage = u
            return []
        case .choice(let index, let event):
            guard index == 0 else { return [] }
            return apply(event)
        }
    }

    /// Closes the open item, if any (the stream ended).
    public mutating func close() -> [ResponseOutputChange] {
        guard let i = open else { return [] }
        open = nil
        items[i].status = isIncomplete && items[i].kind == .message ? "incomplete" : "completed"
        return [.done(outputIndex: i, item: items[i])]
    }

    private mutating func apply(_ event: ChatEvent) -> [ResponseOutputChange] {
        switch event {
        case .reasoningDelta(let s):
            return append(s, kind: .reasoning, prefix: "rs")
        case .contentDelta(let s):
            return append(s, kind: .message, prefix: "msg")
        case .toolCallStart(let call, let id, let name):
            var changes = close()
            let i = start(.functionCall(callID: id, name: name), prefix: "fc")
            calls[call] = i
            changes.append(.added(outputIndex: i, item: items[i]))
            return changes
        case .toolCallArguments(let call, let delta):
            guard !delta.isEmpty, let i = calls[call] else { return [] }
            items[i].text += delta
            return [.delta(outputIndex: i, itemID: items[i].id, kind: items[i].kind, delta: delta)]
        case .toolCallEnd(let call):
            guard let i = calls[call], open == i else { return [] }
            return close()
        case .logprobs(let tokens):
            if let i = items.lastIndex(where: { $0.kind == .message }) { items[i].logprobs += tokens }
            return []
        case .finished(let reason):
            finishReason = reason
            return close()
        }
    }

    /// Appends text to the open item of `kind`, opening one (and closing another) first when needed.
    private mutating func append(_ text: String, kind: ResponseOutputItem.Kind, prefix: String) -> [ResponseOutputChange] {
        guard !text.isEmpty else { return [] }
        var changes: [ResponseOutputChange] = []
        if open.map({ items[$0].kind != kind }) ?? true {
            changes += close()
            let i = start(kind, prefix: prefix)
            changes.append(.added(outputIndex: i, item: items[i]))
        }
        guard let i = open else { return changes }
        items[i].text += text
        changes.append(.delta(outputIndex: i, itemID: items[i].id, kind: kind, delta: text))
        return changes
    }

    private mutating func start(_ kind: ResponseOutputItem.Kind, prefix: String) -> Int {
        let suffix = responseID.hasPrefix("resp_") ? String(responseID.dropFirst(5)) : responseID
        items.append(ResponseOutputItem(kind: kind, id: "\(prefix)_\(suffix)\(items.count)"))
        open = items.count - 1
        return items.count - 1
    }
}
