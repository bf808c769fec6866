/// Content: plain answer text, scanned for the tool-call opener of the format.
extension OutputParser {
    static let hermesOpen = Array(ToolCallFormat.hermes.opener.utf8)
    static let hermesClose = ToolCallFormat.hermesClose
    static let pythonTag = ToolCallFormat.pythonTag
    static let mistralOpen = Array(ToolCallFormat.mistral.opener.utf8)
    static let mistralArgs = ToolCallFormat.mistralArgs
    static let mistralCallID = ToolCallFormat.mistralCallID

    /// The text that opens a tool call anywhere in content, if the format has one.
    var contentOpener: [UInt8]? {
        switch format.toolCalls {
        case .hermes: return Self.hermesOpen
        case .llama3JSON: return Self.pythonTag
        case .mistral: return Self.mistralOpen
        case nil: return nil
        }
    }

    /// Start of the answer. Llama 3 calls are bare JSON and only count here (after spaces) or after `<|python_tag|>`.
    mutating func stepContentStart(final: Bool) -> Progress {
        guard format.toolCalls == .llama3JSON else {
            mode = .content
            return .progressed
        }
        let j = skipSpaces(from: position)
        if j == buffer.count {
            guard final else { return .needsInput }
            mode = .content
            return .progressed
        }
        if buffer[j] == ASCII.openBrace {
            held.append(contentsOf: buffer[position..<j])
            position = j
            startReader(.llamaCall)
            return .progressed
        }
        switch buffer.match(Self.pythonTag, at: j, final: final) {
        case .full:
            held.append(contentsOf: buffer[position..<(j + Self.pythonTag.count)])
            position = j + Self.pythonTag.count
            mode = .llamaAfterTag
        case .partial:
            return .needsInput
        case .none:
            mode = .content
        }
        return .progressed
    }

    /// Plain content up to the next tool-call opener.
    mutating func stepContent(final: Bool) -> Progress {
        guard let opener = contentOpener else {
            emitBuffer(.content, upTo: buffer.count)
            return .needsInput
        }
        let first = opener[0]
        var i = position
        while let k = buffer[i...].firstIndex(of: first) {
            switch buffer.match(opener, at: k, final: final) {
            case .full:
                emitBuffer(.content, upTo: k)
                held.append(contentsOf: opener)
                position = k + opener.count
                openCall()
                return .progressed
            case .partial:
                emitBuffer(.content, upTo: k)
                return .needsInput
            case .none:
                i = k + 1
            }
        }
        emitBuffer(.content, upTo: buffer.count)
        return .needsInput
    }

    /// After the content opener: the format's call syntax begins.
    private mutating func openCall() {
        switch format.toolCalls {
        case .hermes: startReader(.hermesCall)
        case .llama3JSON: mode = .llamaAfterTag
        case .mistral: mode = .mistralStart
        case nil: mode = .content
        }
    }

    /// After a call: spaces are dropped, then content.
    mutating func stepAfterCall() -> Progress {
        position = skipSpaces(from: position)
        if position == buffer.count { return .needsInput }
        mode = .content
        return .progressed
    }

    /// Releases the bytes of a would-be call as content.
    mutating func releaseHeld() {
        emit(.content, held[...])
        held.removeAll()
    }
}
