/// An incremental, byte-at-a-time JSON syntax scanner (RFC 8259, strict).
///
/// It keeps only the container stack and the lexical state, so it can follow a JSON value as it streams in and say
/// when values start and end, which key a value belongs to, and whether the bytes seen so far end at a point where
/// appending closers (``closers(from:)``) yields valid JSON (``isSafe``). It builds no values.
struct JSONScanner: Sendable {
    enum Container: Sendable { case object, array }

    enum NumberPart: Sendable, Equatable { case minus, zero, integer, dot, fraction, exponentMark, exponentSign, exponent }

    enum State: Sendable, Equatable {
        case value                  // a value is expected (whitespace allowed)
        case arrayFirst             // after `[`: a value or `]`
        case objectFirst            // after `{`: a key or `}`
        case objectKey              // after `,` in an object: a key
        case key, keyEscape, keyUnicode(Int)        // inside a key string (Int = hex digits still expected)
        case colon                  // after a key: `:`
        case string, stringEscape, stringUnicode(Int)
        case number(NumberPart)
        case literal(word: Int, next: Int)          // inside true / false / null
        case afterValue             // after a value inside a container: `,` or the closer
        case done                   // the top-level value is complete
    }

    /// What one byte did.
    enum Step: Sendable, Equatable {
        /// Consumed, nothing notable.
        case consumed
        /// The byte starts a value that sits at container depth `depth` (0 = the top-level value).
        case valueStart(depth: Int)
        /// The byte completes a value at depth `depth`.
        case valueEnd(depth: Int)
        /// A number ended just before this byte, which was NOT consumed: feed it again.
        case valueEndBefore(depth: Int)
        /// Not JSON.
        case invalid
    }

    private static let literals: [[UInt8]] = [Array("true".utf8), Array("false".utf8), Array("null".utf8)]
    /// Deeper nesting is refused (a model looping on `[` must not grow memory without bound).
    static let maxDepth = 256

    /// Open containers, outermost first.
    private(set) var stack: [Container] = []
    private(set) var state: State = .value
    /// Raw bytes (escapes not decoded) of the most recent object key.
    private(set) var keyBytes: [UInt8] = []

    /// The bytes so far end where appending ``closers(from:)`` (plus `"` inside a string) gives valid JSON.
    var isSafe: Bool {
        switch state {
        case .afterValue, .objectFirst, .arrayFirst, .string, .done: return true
        default: return false
        }
    }

    /// Inside a string value (not a key), escapes included.
    var isInValueString: Bool {
        switch state {
        case .string, .stringEscape, .stringUnicode: return true
        default: return false
        }
    }

    /// The closing brackets for the containers at depth `base` and deeper, innermost first.
    func closers(from base: Int) -> [UInt8] {
        guard base < stack.count else { return [] }
        return stack[base...].reversed().map { $0 == .object ? ASCII.closeBrace : ASCII.closeBracket }
    }

    /// A top-level number is complete at the end of input (nothing else can end it).
    mutating func finishInput() -> Bool {
        guard stack.isEmpty, case .number(let part) = state, Self.isTerminal(part) else { return false }
        state = .done
        return true
    }

    private static func isTerminal(_ part: NumberPart) -> Bool {
        part == .zero || part == .integer || part == .fraction || part == .exponent
    }

    private mutating func endValue(consumed: Bool) -> Step {
        state = stack.isEmpty ? .done : .afterValue
        return consumed ? .valueEnd(depth: stack.count) : .valueEndBefore(depth: stack.count)
    }

    private mutating func startValue(_ b: UInt8) -> Step {
        let depth = stack.count
        switch b {
        case ASCII.openBrace, ASCII.openBracket:
            guard stack.count < Self.maxDepth else { return .invalid }
            stack.append(b == ASCII.openBrace ? .object : .array)
            state = b == ASCII.openBrace ? .objectFirst : .arrayFirst
        case ASCII.quote: state = .string
        case ASCII.minus: state = .number(.minus)
        case UInt8(ascii: "0"): state = .number(.zero)
        case UInt8(ascii: "1")...UInt8(ascii: "9"): state = .number(.integer)
        case UInt8(ascii: "t"): state = .literal(word: 0, next: 1)
        case UInt8(ascii: "f"): state = .literal(word: 1, next: 1)
        case UInt8(ascii: "n"): state = .literal(word: 2, next: 1)
        default: return .invalid
        }
        return .valueStart(depth: depth)
    }

    private mutating func close(_ b: UInt8) -> Step {
        let expected: Container = b == ASCII.closeBrace ? .object : .array
        guard stack.last == expected else { return .invalid }
        stack.removeLast()
        return endValue(consumed: true)
    }

    /// Feeds one byte.
    mutating func consume(_ b: UInt8) -> Step {
        switch state {
        case .value:
            if ASCII.isJSONSpace(b) { return .consumed }
            return startValue(b)
        case .arrayFirst:
            if ASCII.isJSONSpace(b) { return .consumed }
            if b == ASCII.closeBracket { return close(b) }
            return startValue(b)
        case .objectFirst, .objectKey:
            if ASCII.isJSONSpace(b) { return .consumed }
            if b == ASCII.closeBrace, state == .objectFirst { return close(b) }
            guard b == ASCII.quote else { return .invalid }
            keyBytes.removeAll(keepingCapacity: true)
            state = .key
            return .consumed
        case .key:
            if b == ASCII.quote { state = .colon; return .consumed }
            if b == ASCII.backslash { state = .keyEscape } else if b < 0x20 { return .invalid }
            keyBytes.append(b)
            return .consumed
        case .keyEscape:
            guard let next = Self.afterEscape(b, unicode: { .keyUnicode($0) }, plain: .key) else { return .invalid }
            state = next
            keyBytes.append(b)
            return .consumed
        case .keyUnicode(let left):
            guard ASCII.isHexDigit(b) else { return .invalid }
            state = left > 1 ? .keyUnicode(left - 1) : .key
            keyBytes.append(b)
            return .consumed
        case .colon:
            if ASCII.isJSONSpace(b) { return .consumed }
            guard b == ASCII.colon else { return .invalid }
            state = .value
            return .consumed
        case .string:
            if b == ASCII.quote { return endValue(consumed: true) }
            if b == ASCII.backslash { state = .stringEscape } else if b < 0x20 { return .invalid }
            return .consumed
        case .stringEscape:
            guard let next = Self.afterEscape(b, unicode: { .stringUnicode($0) }, plain: .string) else { return .invalid }
            state = next
            return .consumed
        case .stringUnicode(let left):
            guard ASCII.isHexDigit(b) else { return .invalid }
            state = left > 1 ? .stringUnicode(left - 1) : .string
            return .consumed
        case .number(let part):
            return number(part, b)
        case .literal(let word, let next):
            let letters = Self.literals[word]
            guard b == letters[next] else { return .invalid }
            if next + 1 == letters.count { return endValue(consumed: true) }
            state = .literal(word: word, next: next + 1)
            return .consumed
        case .afterValue:
            if ASCII.isJSONSpace(b) { return .consumed }
            switch b {
            case ASCII.comma:
                state = stack.last == .object ? .objectKey : .value
                return .consumed
            case ASCII.closeBrace, ASCII.closeBracket:
                return close(b)
            default:
                return .invalid
            }
        case .done:
            return .invalid
        }
    }

    private static func afterEscape(_ b: UInt8, unicode: (Int) -> State, plain: State) -> State? {
        switch b {
        case ASCII.quote, ASCII.backslash, UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return plain
        case UInt8(ascii: "u"):
            return unicode(4)
        default:
            return nil
        }
    }

    private mutating func number(_ part: NumberPart, _ b: UInt8) -> Step {
        let digit = ASCII.isDigit(b)
        let isE = b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
        var next: NumberPart?
        switch part {
        case .minus: next = b == UInt8(ascii: "0") ? .zero : (digit ? .integer : nil)
            if next == nil { return .invalid }
        case .zero: next = b == ASCII.dot ? .dot : (isE ? .exponentMark : nil)
            if digit { return .invalid }
        case .integer: next = digit ? .integer : (b == ASCII.dot ? .dot : (isE ? .exponentMark : nil))
        case .dot: next = digit ? .fraction : nil
            if next == nil { return .invalid }
        case .fraction: next = digit ? .fraction : (isE ? .exponentMark : nil)
        case .exponentMark: next = digit ? .exponent : (b == ASCII.plus || b == ASCII.minus ? .exponentSign : nil)
            if next == nil { return .invalid }
        case .exponentSign: next = digit ? .exponent : nil
            if next == nil { return .invalid }
        case .exponent: next = digit ? .exponent : nil
        }
        if let next {
            state = .number(next)
            return .consumed
        }
        guard Self.isTerminal(part) else { return .invalid }
        return endValue(consumed: false)
    }
}
