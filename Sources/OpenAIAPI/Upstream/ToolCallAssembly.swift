public import APICommon
public import InferenceTypes

/// Turns the `tool_calls` fragments of one streamed choice into tool-call events, whatever the upstream's habits:
/// the first fragment of a call normally carries `index`, `id` and `function.name`, later ones only `index` and
/// more `function.arguments`; some servers send a whole call in one fragment, leave out `index` (then `id` tells a
/// new call from more of the last one), repeat the name, or send `arguments` as an object.
///
/// Calls are numbered from 0 in the order they start, whatever indexes the upstream used. A call starts once its name
/// is known (arguments that come before are held back); starting a call ends the calls before it.
public struct ToolCallAssembly: Sendable {
    private struct Pending: Sendable {
        var id: String?
        var name: String?
        var arguments = ""
    }

    /// Upstream key (its `index`, or a made-up one) → our call index.
    private var started: [Int: Int] = [:]
    private var pending: [Int: Pending] = [:]
    private var open: [Int] = []
    private var lastKey: Int?
    private var lastID: String?
    private var next = 0

    /// The largest upstream call index accepted (a bound, so a hostile index cannot grow tables).
    static let maxIndex: Int64 = 1023

    /// No calls yet.
    public init() {}

    /// How many calls started.
    public var count: Int { next }

    /// The events for one fragment (an element of a delta's `tool_calls`).
    public mutating func add(_ fragment: JSONValue) throws(UpstreamReplyError) -> [ChatEvent] {
        guard case .object = fragment else { throw .malformed("a tool_calls entry is not an object") }
        let id = fragment["id"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        let function = fragment["function"]
        let name = function?["name"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        var arguments = ""
        switch function?["arguments"] {
        case .string(let s)?: arguments = s
        case .object?: arguments = function?["arguments"]?.serialized() ?? ""
        default: break
        }
        let key: Int
        if let i = fragment["index"]?.intValue, (0...Self.maxIndex).contains(i) {
            key = Int(i)
        } else if fragment["index"] != nil {
            throw .malformed("a tool call index is not a small non-negative integer")
        } else if let id, id != lastID {
            key = 1_000_000 + next + pending.count
        } else {
            key = lastKey ?? 0
        }
        lastKey = key
        if let id { lastID = id }
        if let ours = started[key] {
            return arguments.isEmpty ? [] : [.toolCallArguments(index: ours, delta: arguments)]
        }
        var p = pending[key] ?? Pending()
        p.id = p.id ?? id
        p.name = p.name ?? name
        p.arguments += arguments
        guard let callName = p.name else {
            pending[key] = p
            return []
        }
        pending[key] = nil
        var events = endOpen()
        let ours = next
        next += 1
        started[key] = ours
        open.append(ours)
        events.append(.toolCallStart(index: ours, id: p.id ?? RandomID.make("call_"), name: callName))
        if !p.arguments.isEmpty { events.append(.toolCallArguments(index: ours, delta: p.arguments)) }
        return events
    }

    /// Ends every open call (the choice finished).
    ///
    /// - Throws: a call whose name never arrived.
    public mutating func finish() throws(UpstreamReplyError) -> [ChatEvent] {
        guard pending.isEmpty else { throw .malformed("a streamed tool call never got a function name") }
        return endOpen()
    }

    private mutating func endOpen() -> [ChatEvent] {
        defer { open = [] }
        return open.map { .toolCallEnd(index: $0) }
    }
}
