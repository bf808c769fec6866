/// Mistral: `[TOOL_CALLS]` then either a JSON array of call objects, or (v11+) `name[ARGS]{…}` with an optional
/// `[CALL_ID]id` before `[ARGS]`; `[TOOL_CALLS]` may repeat for several calls.
extension OutputParser {
    /// Consumes spaces into `held`; returns false when input ran out.
    private mutating func holdSpaces() -> Bool {
        while position < buffer.count, ASCII.isSpace(buffer[position]) {
            held.append(buffer[position])
            position += 1
        }
        return position < buffer.count
    }

    /// Not a call after all: release the held text as content and continue there.
    private mutating func abandon() -> Progress {
        releaseHeld()
        mode = .content
        return .progressed
    }

    /// After `[TOOL_CALLS]`: `[` opens the array form, a name the `[ARGS]` form.
    mutating func stepMistralStart() -> Progress {
        guard holdSpaces() else { return .needsInput }
        if buffer[position] == ASCII.openBracket {
            held.append(ASCII.openBracket)
            position += 1
            mode = .mistralArrayItem
            return .progressed
        }
        mistralName.removeAll()
        mode = .mistralName
        return .progressed
    }

    /// Which marker starts at `index`: `[ARGS]`, `[CALL_ID]`, undecided, or neither.
    private func mistralMarker(at index: Int, final: Bool) -> (args: TagMatch, callID: TagMatch) {
        (buffer.match(Self.mistralArgs, at: index, final: final), buffer.match(Self.mistralCallID, at: index, final: final))
    }

    /// The function name, up to `[ARGS]` (the call starts) or `[CALL_ID]`.
    mutating func stepMistralName(final: Bool) -> Progress {
        while position < buffer.count {
            let b = buffer[position]
            if b == ASCII.openBracket {
                let marker = mistralMarker(at: position, final: final)
                if marker.args == .full {
                    guard !mistralName.isEmpty else { return abandon() }
                    position += Self.mistralArgs.count
                    startArguments(name: String(decoding: mistralName, as: UTF8.self))
                    return .progressed
                }
                if marker.callID == .full {
                    guard !mistralName.isEmpty else { return abandon() }
                    held.append(contentsOf: Self.mistralCallID)
                    position += Self.mistralCallID.count
                    mode = .mistralCallID
                    return .progressed
                }
                if marker.args == .partial || marker.callID == .partial { return .needsInput }
                return abandon()
            }
            guard ASCII.isNameByte(b) else { return abandon() }
            mistralName.append(b)
            held.append(b)
            position += 1
        }
        return .needsInput
    }

    /// A call id (ignored) up to `[ARGS]`.
    mutating func stepMistralCallID(final: Bool) -> Progress {
        while position < buffer.count {
            let b = buffer[position]
            if b == ASCII.openBracket {
                switch buffer.match(Self.mistralArgs, at: position, final: final) {
                case .full:
                    position += Self.mistralArgs.count
                    startArguments(name: String(decoding: mistralName, as: UTF8.self))
                    return .progressed
                case .partial:
                    return .needsInput
                case .none:
                    return abandon()
                }
            }
            guard ASCII.isNameByte(b) else { return abandon() }
            held.append(b)
            position += 1
        }
        return .needsInput
    }

    /// In the array: a call object or the end of the array.
    mutating func stepMistralArrayItem() -> Progress {
        guard holdSpaces() else { return .needsInput }
        switch buffer[position] {
        case ASCII.openBrace:
            startReader(.mistralArrayCall)
        case ASCII.closeBracket:
            position += 1
            held.removeAll()
            mode = .afterCall
        default:
            return abandon()
        }
        return .progressed
    }

    /// After an element: `,` and another element, or `]`.
    mutating func stepMistralArrayNext() -> Progress {
        guard holdSpaces() else { return .needsInput }
        switch buffer[position] {
        case ASCII.comma:
            held.append(ASCII.comma)
            position += 1
            mode = .mistralArrayItem
        case ASCII.closeBracket:
            position += 1
            held.removeAll()
            mode = .afterCall
        default:
            return abandon()
        }
        return .progressed
    }
}
