public import InferenceTypes

/// Turns generated token ids into text deltas one token at a time, never splitting a UTF-8 character: bytes of an
/// incomplete character (a multi-byte character spread over several byte-fallback or byte-level tokens) are held
/// back until the character is complete. Concatenating every ``append(_:)`` and the final ``flush()`` gives exactly
/// ``Tokenizer/decode(_:renderSpecial:)`` of the same ids.
/// - Important: Use one value per output stream; it is a value type, so copies continue independently.
public struct StreamingDetokenizer: Sendable {
    private let tokenizer: Tokenizer
    private let renderSpecial: Bool
    /// Bytes not yet returned: at most the start of one incomplete character.
    private var pending: [UInt8] = []

    /// A detokenizer for `tokenizer`; `renderSpecial` includes the text of control tokens.
    public init(tokenizer: Tokenizer, renderSpecial: Bool = false) {
        self.tokenizer = tokenizer
        self.renderSpecial = renderSpecial
        // Room for the longest piece after an incomplete character (at most 3 bytes held back), reserved once so
        // that decoding never grows the buffer (zero allocations per decode step).
        pending.reserveCapacity(tokenizer.pieces.maxPieceLength + 3)
    }

    /// Adds one token and returns the text that is now complete (possibly empty).
    public mutating func append(_ id: TokenID) -> String {
        tokenizer.appendPiece(id, renderSpecial: renderSpecial, to: &pending)
        let cut = Self.completePrefixLength(pending)
        guard cut > 0 else { return "" }
        let text = String(decoding: pending[..<cut], as: UTF8.self)
        pending.removeFirst(cut)
        return text
    }

    /// Returns whatever is held back (an incomplete character becomes U+FFFD) and resets.
    public mutating func flush() -> String {
        defer { pending.removeAll(keepingCapacity: true) }
        return String(decoding: pending, as: UTF8.self)
    }

    /// Length of the longest prefix of `bytes` that does not end inside a character that could still be completed:
    /// everything except a trailing well-formed-so-far prefix of a multi-byte sequence.
    static func completePrefixLength(_ bytes: [UInt8]) -> Int {
        let n = bytes.count
        // A sequence is at most 4 bytes, so an incomplete one starts within the last 3.
        var start = n - 1
        while start >= 0 && start >= n - 3 {
            let byte = bytes[start]
            if byte & 0xC0 != 0x80 {
                // Lead byte (or ASCII): is bytes[start...] an incomplete but valid beginning?
                let needed = sequenceLength(byte)
                if needed > n - start && isValidPrefix(bytes[start...]) { return start }
                return n
            }
            start -= 1
        }
        return n
    }

    /// Length of the sequence a lead byte starts (1 for ASCII and for bytes that cannot start one).
    private static func sequenceLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0xC2...0xDF: return 2
        case 0xE0...0xEF: return 3
        case 0xF0...0xF4: return 4
        default: return 1
        }
    }

    /// Whether `prefix` (a lead byte and some continuation bytes) can still become a well-formed sequence
    /// (Unicode Table 3-7: E0 needs A0–BF next, ED 80–9F, F0 90–BF, F4 80–8F).
    private static func isValidPrefix(_ prefix: ArraySlice<UInt8>) -> Bool {
        guard let lead = prefix.first else { return false }
        for (offset, byte) in prefix.dropFirst().enumerated() {
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            if offset == 0 {
                switch lead {
                case 0xE0: low = 0xA0
                case 0xED: high = 0x9F
                case 0xF0: low = 0x90
                case 0xF4: high = 0x8F
                default: break
                }
            }
            if byte < low || byte > high { return false }
        }
        return true
    }
}
