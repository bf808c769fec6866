internal import InferenceTypes

/// Follows one tool call's JSON as it streams in and slices out its name and its arguments text.
///
/// Two shapes:
/// - ``Kind/callObject(commitOnName:requiresArguments:llamaKeysFirst:)``: an object `{"name": "f", "arguments": {…}}`
///   (`"parameters"` is accepted for `"arguments"`; other keys are skipped).
/// - ``Kind/arguments``: the arguments value alone (the name came from elsewhere, e.g. Mistral's `name[ARGS]{…}`).
///
/// The arguments are the raw bytes of the model's value, not re-serialized, so they stream: bytes are released into
/// ``toEmit`` as soon as they end at a point where closing brackets would make valid JSON (an unfinished number,
/// literal, key or escape is held). Before the call is *committed* (its name known, and for Llama 3 its arguments
/// key seen) released bytes wait in a buffer, because the call may still turn out not to be one.
///
/// - Important: the owner reads ``justCommitted`` and ``toEmit`` after every ``step(_:)`` and clears them.
struct ToolCallReader: Sendable {
    enum Kind: Sendable, Equatable {
        /// A call object. `commitOnName`: the call is certain once the name is known (inside explicit call markers).
        /// `requiresArguments`: an object without an arguments key is not a call. `llamaKeysFirst`: the first key
        /// must be one a call object starts with, else it is plain JSON content (Llama 3, no markers).
        case callObject(commitOnName: Bool, requiresArguments: Bool, llamaKeysFirst: Bool)
        /// Only the arguments value.
        case arguments
    }

    enum Status: Sendable, Equatable {
        case `continue`
        /// The call is complete; `consumed` says whether the byte was part of it.
        case done(consumed: Bool)
        /// Not a (well-formed) call; `consumed` says whether the byte was taken.
        case failed(consumed: Bool)
    }

    private enum Capture: Sendable { case none, name, arguments }
    private enum ArgumentsState: Sendable { case notSeen, inProgress, complete }

    private static let nameKey = Array("name".utf8)
    private static let argumentKeys = [Array("arguments".utf8), Array("parameters".utf8)]
    private static let llamaFirstKeys = [Array("name".utf8), Array("type".utf8)] + argumentKeys
    private static let emptyObject = Array("{}".utf8)

    let kind: Kind
    private var scanner = JSONScanner()
    /// The function name, once known.
    private(set) var name: String?
    /// The call is certain: a start event may be sent and argument bytes stream.
    private(set) var committed: Bool
    /// Set by the step that committed the call.
    var justCommitted = false
    /// Argument bytes ready to send (only while committed).
    var toEmit: [UInt8] = []

    private var capture = Capture.none
    private var nameRaw: [UInt8] = []
    private var argumentsState = ArgumentsState.notSeen
    private var pending: [UInt8] = []   // argument bytes not yet at a safe point
    private var buffered: [UInt8] = []  // safe argument bytes waiting for the commit
    private var emittedCount = 0
    private var sawFirstKey = false

    /// Container depth of the arguments value (inside the call object, or the top level).
    private var argumentsDepth: Int { kind == .arguments ? 0 : 1 }

    /// A reader for a call object.
    init(kind: Kind) {
        self.kind = kind
        self.committed = false
    }

    /// A reader for the arguments of a call whose name is already known (and already announced).
    init(argumentsOf name: String) {
        self.kind = .arguments
        self.name = name
        self.committed = true
    }

    /// Feeds one byte.
    mutating func step(_ b: UInt8) -> Status {
        if case .callObject = kind, scanner.state == .value, scanner.stack.isEmpty,
            !ASCII.isJSONSpace(b), b != ASCII.openBrace
        {
            return .failed(consumed: false)
        }
        switch scanner.consume(b) {
        case .invalid:
            return .failed(consumed: false)
        case .consumed:
            take(b)
            return .continue
        case .valueStart(let depth):
            return valueStarted(b, depth: depth)
        case .valueEnd(let depth):
            take(b)
            return valueEnded(depth: depth)
        case .valueEndBefore(let depth):
            if capture == .arguments, scanner.isSafe { release() }
            switch valueEnded(depth: depth) {
            case .done: return .done(consumed: false)
            case .failed: return .failed(consumed: false)
            case .continue: return step(b)
            }
        }
    }

    /// End of input: completes a top-level number (`[ARGS]42`). Returns whether the call is now complete.
    mutating func finishInput() -> Bool {
        guard kind == .arguments, capture == .arguments, scanner.finishInput() else { return false }
        release()
        argumentsState = .complete
        return true
    }

    /// What to append to the sent arguments to make them valid JSON when the call is cut off: closing quote and
    /// brackets for a value in progress, `{}` when no argument byte was sent.
    func healingSuffix() -> [UInt8] {
        switch argumentsState {
        case .complete:
            return []
        case .notSeen:
            return Self.emptyObject
        case .inProgress:
            if emittedCount == 0 { return Self.emptyObject }
            return (scanner.isInValueString ? [ASCII.quote] : []) + scanner.closers(from: argumentsDepth)
        }
    }

    // MARK: - Internals

    private mutating func take(_ b: UInt8) {
        switch capture {
        case .none: break
        case .name: nameRaw.append(b)
        case .arguments:
            pending.append(b)
            if scanner.isSafe { release() }
        }
    }

    /// Moves safe pending argument bytes out: to ``toEmit`` when committed, else into the buffer.
    private mutating func release() {
        guard !pending.isEmpty else { return }
        if committed {
            toEmit.append(contentsOf: pending)
            emittedCount += pending.count
        } else {
            buffered.append(contentsOf: pending)
        }
        pending.removeAll(keepingCapacity: true)
    }

    private mutating func commit() {
        committed = true
        justCommitted = true
        toEmit.append(contentsOf: buffered)
        emittedCount += buffered.count
        buffered.removeAll()
    }

    private mutating func valueStarted(_ b: UInt8, depth: Int) -> Status {
        if depth == argumentsDepth, capture == .none {
            if kind == .arguments {
                capture = .arguments
                argumentsState = .inProgress
            } else {
                let key = scanner.keyBytes
                if case .callObject(_, _, true) = kind, !sawFirstKey, !Self.llamaFirstKeys.contains(key) {
                    return .failed(consumed: true)
                }
                sawFirstKey = true
                if key == Self.nameKey, name == nil {
                    guard b == ASCII.quote else { return .failed(consumed: true) }
                    capture = .name
                    nameRaw.removeAll()
                } else if Self.argumentKeys.contains(key), argumentsState == .notSeen {
                    capture = .arguments
                    argumentsState = .inProgress
                    if name != nil, !committed { commit() }
                }
            }
        }
        take(b)
        return .continue
    }

    private mutating func valueEnded(depth: Int) -> Status {
        if depth == argumentsDepth {
            switch capture {
            case .name:
                capture = .none
                guard case .string(let decoded)? = try? JSONValue.parse(nameRaw), !decoded.isEmpty else {
                    return .failed(consumed: true)
                }
                name = decoded
                if case .callObject(true, _, _) = kind, !committed { commit() }
                if argumentsState != .notSeen, !committed { commit() }
            case .arguments:
                capture = .none
                release()
                argumentsState = .complete
                if kind == .arguments { return .done(consumed: true) }
            case .none:
                break
            }
            return .continue
        }
        if depth < argumentsDepth {  // the call object closed
            if !committed {
                guard name != nil else { return .failed(consumed: true) }
                if case .callObject(_, true, _) = kind, argumentsState == .notSeen { return .failed(consumed: true) }
                commit()
            }
            if argumentsState == .notSeen {
                toEmit.append(contentsOf: Self.emptyObject)
                emittedCount += 2
                argumentsState = .complete
            }
            return .done(consumed: true)
        }
        return .continue
    }
}
