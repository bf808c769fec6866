/// Driving a ``ToolCallReader``: start, argument fragments and end events, and what happens when a call fails.
extension OutputParser {
    /// Starts reading a call object in `callMode` (the reader gets the object's first byte next).
    mutating func startReader(_ callMode: Mode) {
        switch callMode {
        case .llamaCall:
            reader = ToolCallReader(kind: .callObject(commitOnName: false, requiresArguments: true, llamaKeysFirst: true))
        default:
            reader = ToolCallReader(kind: .callObject(commitOnName: true, requiresArguments: false, llamaKeysFirst: false))
        }
        mode = callMode
    }

    /// Starts the call `name` whose arguments value comes next (Mistral `name[ARGS]`).
    mutating func startArguments(name: String) {
        reader = ToolCallReader(argumentsOf: name)
        held.removeAll()
        emitEvent(.toolCallStart(index: toolCallCount, name: name))
        toolCallCount += 1
        mode = .mistralArguments
    }

    /// Feeds buffered bytes to the reader until the call ends, fails, or input runs out.
    mutating func stepReader() -> Progress {
        while position < buffer.count {
            let b = buffer[position]
            let wasCommitted = reader.committed
            let status = reader.step(b)
            drainReader()
            switch status {
            case .continue:
                if !wasCommitted, !reader.committed { held.append(b) }
                position += 1
            case .done(let consumed):
                if consumed { position += 1 }
                endCall()
                return .progressed
            case .failed(let consumed):
                if consumed {
                    if !reader.committed { held.append(b) }
                    position += 1
                }
                failCall()
                mode = .content
                return .progressed
            }
        }
        return .needsInput
    }

    /// Sends the reader's start event (on commit) and argument bytes.
    mutating func drainReader() {
        if reader.justCommitted {
            reader.justCommitted = false
            held.removeAll()
            emitEvent(.toolCallStart(index: toolCallCount, name: reader.name ?? ""))
            toolCallCount += 1
        }
        if !reader.toEmit.isEmpty {
            emit(.arguments(toolCallCount - 1), reader.toEmit[...])
            reader.toEmit.removeAll(keepingCapacity: true)
        }
    }

    /// The current call is complete: end event, then the format's after-call state.
    mutating func endCall() {
        emitEvent(.toolCallEnd(index: toolCallCount - 1))
        held.removeAll()
        switch mode {
        case .hermesCall: mode = .hermesClose
        case .llamaCall: mode = .llamaBetween
        case .mistralArrayCall: mode = .mistralArrayNext
        default: mode = .afterCall
        }
    }

    /// The current call is malformed or cut off: a started call is closed with healed arguments; otherwise its text
    /// is released as content. The caller picks the next mode.
    mutating func failCall() {
        if reader.committed {
            let suffix = reader.healingSuffix()
            emit(.arguments(toolCallCount - 1), suffix[...])
            emitEvent(.toolCallEnd(index: toolCallCount - 1))
            held.removeAll()
        } else {
            releaseHeld()
        }
    }
}
