import InferenceTypes

/// The raw bytes every token stands for, precomputed at load (llama.cpp's `cache_token_to_piece`, with special
/// tokens rendered): byte-unicode undone for byte-level BPE, `▁` → space for SentencePiece, `<0xNN>` → that byte,
/// control / unknown / user-defined tokens → their text, unused and untyped tokens → nothing.
struct TokenPieces: Sendable {
    /// All pieces concatenated in id order.
    let storage: [UInt8]
    /// Piece `i` is `storage[offsets[i]..<offsets[i + 1]]`. [count + 1]
    let offsets: [Int32]
    /// Whether a token is left out of decoded text unless special tokens are rendered (control, unknown). [count]
    let hidden: [Bool]
    /// Bytes of the longest piece.
    let maxPieceLength: Int

    /// How normal tokens are spelled in the vocabulary.
    enum Spelling {
        /// GPT-2 byte-unicode characters.
        case byteUnicode
        /// SentencePiece: UTF-8 with `▁` for spaces.
        case sentencePiece
    }

    /// Builds the pieces of every token.
    init(vocabulary: Vocabulary, spelling: Spelling) {
        var storage: [UInt8] = []
        var offsets: [Int32] = [0]
        var hidden: [Bool] = []
        storage.reserveCapacity(vocabulary.strings.storage.count)
        offsets.reserveCapacity(vocabulary.count + 1)
        hidden.reserveCapacity(vocabulary.count)
        for id in 0..<vocabulary.count {
            let attributes = vocabulary.attributes[id]
            let text = vocabulary.strings.bytes(Int32(id))
            if !attributes.intersection([.unknown, .control, .userDefined]).isEmpty {
                storage.append(contentsOf: text)
            } else if attributes.contains(.normal) {
                switch spelling {
                case .byteUnicode:
                    storage.append(contentsOf: ByteUnicode.decode(String(decoding: text, as: UTF8.self)))
                case .sentencePiece:
                    Self.appendUnescaped(text, to: &storage)
                }
            } else if attributes.contains(.byte), let byte = Self.byteValue(text) {
                storage.append(byte)
            }
            offsets.append(Int32(storage.count))
            hidden.append(attributes.isSpecialOnly)
        }
        self.storage = storage
        self.offsets = offsets
        self.hidden = hidden
        var longest = 0
        for id in 0..<(offsets.count - 1) { longest = max(longest, Int(offsets[id + 1] - offsets[id])) }
        self.maxPieceLength = longest
    }

    /// The piece of a token (empty for an id outside the vocabulary).
    func bytes(_ id: TokenID) -> ArraySlice<UInt8> {
        guard id >= 0, Int(id) + 1 < offsets.count else { return [] }
        return storage[Int(offsets[Int(id)])..<Int(offsets[Int(id) + 1])]
    }

    /// Appends the piece of `id` to `out`, skipping hidden tokens unless `renderSpecial`.
    @inline(__always)
    func append(_ id: TokenID, renderSpecial: Bool, to out: inout [UInt8]) {
        guard id >= 0, Int(id) < hidden.count else { return }
        if hidden[Int(id)] && !renderSpecial { return }
        out.append(contentsOf: storage[Int(offsets[Int(id)])..<Int(offsets[Int(id) + 1])])
    }

    /// `▁` (E2 96 81) → space.
    private static func appendUnescaped(_ text: ArraySlice<UInt8>, to out: inout [UInt8]) {
        var i = text.startIndex
        while i < text.endIndex {
            if text[i] == 0xE2, i + 2 < text.endIndex, text[i + 1] == 0x96, text[i + 2] == 0x81 {
                out.append(0x20)
                i += 3
            } else {
                out.append(text[i])
                i += 1
            }
        }
    }

    /// The byte of a `<0xNN>` token (llama.cpp reads the two characters after `<0x` as hex).
    private static func byteValue(_ text: ArraySlice<UInt8>) -> UInt8? {
        guard text.count >= 5 else { return nil }
        let digits = text.dropFirst(3).prefix(2)
        return UInt8(String(decoding: digits, as: UTF8.self), radix: 16)
    }
}
