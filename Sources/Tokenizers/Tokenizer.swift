public import InferenceTypes

/// Text ↔ token ids for one model, exactly as llama.cpp tokenizes (`llama-vocab.cpp`): byte-level BPE with a
/// pre-tokenizer chosen by `tokenizer.ggml.pre`, or SentencePiece BPE with scores and byte fallback.
///
/// Build one with ``load(from:)``. Immutable after loading.
/// - Important: Safe to share between tasks and threads; every call works on its own buffers.
public final class Tokenizer: Sendable {
    /// The tokenization algorithm and its tables.
    enum Model: Sendable {
        case byteLevelBPE(ByteLevelBPE, PreTokenizer)
        case sentencePiece(SentencePieceBPE)
    }

    let vocabulary: Vocabulary
    let model: Model
    let specials: SpecialTokenSplitter
    let pieces: TokenPieces
    /// SentencePiece only: prefix a space to raw text at the start and after a special token.
    let addSpacePrefix: Bool

    /// The beginning-of-sequence token, if the model has one.
    public let bosToken: TokenID?
    /// The end-of-sequence token, if the model has one.
    public let eosToken: TokenID?
    /// Whether ``encode(_:addSpecial:parseSpecial:)`` puts BOS first (`tokenizer.ggml.add_bos_token`).
    public let addBOS: Bool
    /// Whether ``encode(_:addSpecial:parseSpecial:)`` puts EOS last (`tokenizer.ggml.add_eos_token`).
    public let addEOS: Bool
    /// Tokens that end generation: eos, eot, eom, and tokens whose text is a known end marker (`<|im_end|>`,
    /// `<|endoftext|>`, `<end_of_turn>`, `<|eot_id|>`, `<|end|>` …), computed as llama.cpp does.
    public let endOfGenerationTokens: Set<TokenID>

    init(vocabulary: Vocabulary, model: Model, addSpacePrefix: Bool, bos: TokenID?, eos: TokenID?,
         addBOS: Bool, addEOS: Bool, endOfGeneration: Set<TokenID>) {
        self.vocabulary = vocabulary
        self.model = model
        self.addSpacePrefix = addSpacePrefix
        self.specials = SpecialTokenSplitter(vocabulary: vocabulary)
        switch model {
        case .byteLevelBPE: pieces = TokenPieces(vocabulary: vocabulary, spelling: .byteUnicode)
        case .sentencePiece: pieces = TokenPieces(vocabulary: vocabulary, spelling: .sentencePiece)
        }
        self.bosToken = bos
        self.eosToken = eos
        self.addBOS = addBOS
        self.addEOS = addEOS
        self.endOfGenerationTokens = endOfGeneration
    }

    /// Number of tokens in the vocabulary.
    public var vocabularySize: Int { vocabulary.count }

    /// Tokenizes `text`.
    /// - Parameters:
    ///   - addSpecial: add BOS / EOS as the model's metadata asks.
    ///   - parseSpecial: recognise control tokens written in the text (`<|im_start|>`). Leave it off for user
    ///     content; user-defined tokens are recognised either way.
    public func encode(_ text: String, addSpecial: Bool = true, parseSpecial: Bool = false) -> [TokenID] {
        var output: [TokenID] = []
        output.reserveCapacity(text.utf8.count / 3 + 4)
        if addSpecial, addBOS, let bosToken { output.append(bosToken) }
        var utf8 = Array(text.utf8)
        utf8.withUnsafeMutableBufferPointer { mutable in
            let bytes = UnsafeBufferPointer(mutable)
            let fragments = specials.partition(bytes, parseSpecial: parseSpecial)
            switch model {
            case .byteLevelBPE(let bpe, let preTokenizer):
                var encoder = BPEFragmentEncoder(bpe: bpe, preTokenizer: preTokenizer)
                for fragment in fragments {
                    switch fragment {
                    case .token(let id): output.append(id)
                    case .text(let start, let end):
                        encoder.encode(UnsafeBufferPointer(rebasing: bytes[start..<end]), output: &output)
                    }
                }
            case .sentencePiece(let spm):
                encodeSentencePiece(spm, bytes, fragments, &output)
            }
        }
        if addSpecial, addEOS, let eosToken { output.append(eosToken) }
        return output
    }

    private func encodeSentencePiece(_ spm: SentencePieceBPE, _ bytes: UnsafeBufferPointer<UInt8>,
                                     _ fragments: [Fragment], _ output: inout [TokenID]) {
        var scratch = SPMScratch()
        var escaped: [UInt8] = []
        var previousWasSpecial = true
        for fragment in fragments {
            switch fragment {
            case .token(let id):
                output.append(id)
                previousWasSpecial = true
            case .text(let start, let end):
                escaped.removeAll(keepingCapacity: true)
                if addSpacePrefix && previousWasSpecial { escaped.append(contentsOf: [0xE2, 0x96, 0x81]) }
                for byte in bytes[start..<end] {
                    if byte == 0x20 { escaped.append(contentsOf: [0xE2, 0x96, 0x81]) } else { escaped.append(byte) }
                }
                escaped.withUnsafeBufferPointer { spm.encode($0, vocabulary: vocabulary, scratch: &scratch, output: &output) }
                previousWasSpecial = false
            }
        }
    }

    /// The text of `ids`: each token's piece concatenated (what llama.cpp's `token_to_piece` gives, the way
    /// llama-server builds its output), then decoded as UTF-8 with invalid sequences replaced by U+FFFD.
    /// - Parameter renderSpecial: include the text of control tokens (they are left out otherwise).
    public func decode(_ ids: [TokenID], renderSpecial: Bool = false) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(ids.count * 4)
        for id in ids { pieces.append(id, renderSpecial: renderSpecial, to: &bytes) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The raw bytes a token stands for (`▁` → space, `<0xNN>` → that byte, GPT-2 byte-unicode undone); control
    /// tokens give their text, unused tokens and ids outside the vocabulary give nothing.
    public func tokenBytes(_ id: TokenID) -> [UInt8] { Array(pieces.bytes(id)) }

    /// Whether the piece of `id` is left out of decoded text unless special tokens are rendered.
    func isHidden(_ id: TokenID) -> Bool { id >= 0 && Int(id) < pieces.hidden.count && pieces.hidden[Int(id)] }

    /// Appends the piece of `id` (as ``decode(_:renderSpecial:)`` would) to `bytes`.
    func appendPiece(_ id: TokenID, renderSpecial: Bool, to bytes: inout [UInt8]) {
        pieces.append(id, renderSpecial: renderSpecial, to: &bytes)
    }

    /// The vocabulary string of a token as stored in the file (`Ġthe`, `▁the`, `<|im_end|>`), or nil for an id
    /// outside the vocabulary.
    public func piece(_ id: TokenID) -> String? {
        vocabulary.contains(id) ? vocabulary.text(id) : nil
    }

    /// The token whose vocabulary string is exactly `forPiece`.
    public func tokenID(forPiece piece: String) -> TokenID? { vocabulary.id(of: piece) }

    /// The kind of a token after llama.cpp's load-time fixes (e.g. an end-of-turn marker stored as a normal token
    /// is treated as control); ``TokenType/undefined`` for an id outside the vocabulary.
    public func tokenType(_ id: TokenID) -> TokenType {
        vocabulary.contains(id) ? vocabulary.attributes[Int(id)].tokenType : .undefined
    }

    /// The pre-tokenizer of a byte-level BPE model (nil for SentencePiece), for tests and tools.
    @_spi(Testing) public var preTokenizer: PreTokenizer? {
        if case .byteLevelBPE(_, let pre) = model { return pre }
        return nil
    }
}

/// Encodes raw fragments with byte-level BPE: pre-tokenize, then BPE per word, remembering the tokens of words
/// already seen in this call.
struct BPEFragmentEncoder {
    let bpe: ByteLevelBPE
    let preTokenizer: PreTokenizer
    private var preScratch = PreTokenizerScratch()
    private var bpeScratch = BPEScratch()
    /// Words seen in this call (raw bytes) → `cacheRanges[id]` into `cacheTokens`.
    private var cache = ByteStringTable(expectedCount: 1024)
    private var cacheRanges: [(start: Int32, count: Int32)] = []
    private var cacheTokens: [TokenID] = []

    /// Words longer than this are not cached.
    static let maxCachedWordLength = 64
    /// The cache stops growing at this many words.
    static let maxCachedWords = 1 << 17

    init(bpe: ByteLevelBPE, preTokenizer: PreTokenizer) {
        self.bpe = bpe
        self.preTokenizer = preTokenizer
    }

    /// Appends the tokens of one raw fragment.
    mutating func encode(_ text: UnsafeBufferPointer<UInt8>, output: inout [TokenID]) {
        preTokenizer.split(text, scratch: &preScratch)
        var start = 0
        for endOffset in preScratch.wordEnds {
            let end = Int(endOffset)
            let word = UnsafeBufferPointer(rebasing: text[start..<end])
            start = end
            let length = word.count
            guard length <= Self.maxCachedWordLength else {
                bpe.encodeWord(word, scratch: &bpeScratch, output: &output)
                continue
            }
            let cached = cache.find(word)
            if cached >= 0 {
                let range = cacheRanges[Int(cached)]
                output.append(contentsOf: cacheTokens[Int(range.start)..<Int(range.start + range.count)])
                continue
            }
            let before = output.count
            bpe.encodeWord(word, scratch: &bpeScratch, output: &output)
            if cacheRanges.count < Self.maxCachedWords {
                cache.insert(word)
                cacheRanges.append((Int32(cacheTokens.count), Int32(output.count - before)))
                cacheTokens.append(contentsOf: output[before...])
            }
        }
    }
}
