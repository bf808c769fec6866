import InferenceTypes

/// Holds back a tool call's events until the call ends, so that a call the token cap cuts is never returned as a call
/// (neither streamed nor in the folded response: both see the same events).
///
/// The output parser streams a call as it is written and, when generation stops inside it, closes the arguments
/// itself. With length-aware decoding a call is only cut when its shortest form cannot fit in `max_tokens`; then the
/// choice ends with `length` and no call. Events of other kinds (logprobs, content before the call) pass at once; a
/// completed call is released whole, at its end.
struct ToolCallHold: Sendable {
    private var held: [ChatEvent] = []
    private var open: Int?

    /// Whether a call has started and not ended.
    var isHoldingCall: Bool { open != nil }

    /// `events`, with an open call's events held back until its end (then released in order).
    mutating func pass(_ events: [ChatEvent]) -> [ChatEvent] {
        var out: [ChatEvent] = []
        for e in events {
            switch e {
            case .toolCallStart(let index, _, _):
                // A call starting while another is open would be a parser error; release the earlier one as it is.
                out += held
                held = [e]
                open = index
            case .toolCallArguments(let index, _) where index == open:
                held.append(e)
            case .toolCallEnd(let index) where index == open:
                out += held
                out.append(e)
                held = []
                open = nil
            default:
                out.append(e)
            }
        }
        return out
    }

    /// `events` without the open call: its held events and whatever of it `events` still carries are dropped.
    mutating func droppingOpenCall(_ events: [ChatEvent]) -> [ChatEvent] {
        guard let index = open else { return pass(events) }
        held = []
        open = nil
        return pass(events.filter { e in
            switch e {
            case .toolCallArguments(let i, _), .toolCallEnd(let i): return i != index
            default: return true
            }
        })
    }
}
