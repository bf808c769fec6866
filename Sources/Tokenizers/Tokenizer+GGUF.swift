public import GGUF
import InferenceTypes

extension Tokenizer {
    /// Builds the tokenizer stored in a GGUF file's `tokenizer.ggml.*` metadata, applying the same
    /// defaults and load-time fixes as llama.cpp's `llama_vocab::impl::load`.
    /// - Throws: ``TokenizerError`` naming the file and key when the metadata is missing, malformed or names an
    ///   unsupported tokenizer.
    public static func load(from file: GGUFFile) throws(TokenizerError) -> Tokenizer {
        try GGUFTokenizerLoader(metadata: file.metadata, path: file.path).load()
    }
}

/// Reads the tokenizer metadata of one file.
private struct GGUFTokenizerLoader {
    let metadata: GGUFMetadata
    let path: String

    func error(_ kind: TokenizerError.Kind, _ key: String?, _ message: String) -> TokenizerError {
        TokenizerError(kind, path: path, key: key, message)
    }

    func load() throws(TokenizerError) -> Tokenizer {
        let modelKey = "tokenizer.ggml.model"
        guard let modelName = metadata.string(modelKey) else {
            if metadata[modelKey] != nil { throw error(.invalidValue, modelKey, "expected a string") }
            throw error(.missingKey, modelKey, "the file has no tokenizer")
        }
        let isBPE: Bool
        switch modelName {
        case "gpt2": isBPE = true
        case "llama": isBPE = false
        default:
            throw error(.unsupportedModel, modelKey, "tokenizer '\(modelName)' is not supported (only gpt2 and llama)")
        }

        var preTokenizer: PreTokenizer?
        if isBPE {
            let preKey = "tokenizer.ggml.pre"
            let pre = metadata.string(preKey)
            guard let found = PreTokenizer(pre: pre) else {
                throw error(.unsupportedPreTokenizer, preKey, "pre-tokenizer '\(pre ?? "")' is not supported")
            }
            preTokenizer = found
        }

        let tokensKey = "tokenizer.ggml.tokens"
        guard let tokens = metadata.stringArray(tokensKey) else {
            if metadata[tokensKey] != nil { throw error(.invalidValue, tokensKey, "expected an array of strings") }
            throw error(.missingKey, tokensKey, "the vocabulary is missing")
        }
        guard !tokens.isEmpty else { throw error(.invalidValue, tokensKey, "the vocabulary is empty") }
        let types = try intArray("tokenizer.ggml.token_type", minimumCount: tokens.count)
        let scoresKey = "tokenizer.ggml.scores"
        var scores: [Float]?
        if metadata[scoresKey] != nil {
            guard let values = metadata.floatArray(scoresKey) else {
                throw error(.invalidValue, scoresKey, "expected an array of numbers")
            }
            guard values.count >= tokens.count else {
                throw error(.invalidValue, scoresKey, "\(values.count) scores for \(tokens.count) tokens")
            }
            scores = values
        }

        var vocabulary: Vocabulary
        do {
            vocabulary = try Vocabulary(tokens: tokens, types: types, scores: scores)
        } catch {
            throw self.error(.invalidValue, tokensKey,
                             "duplicate token '\(error.text)' has ids \(error.first) and \(error.second)")
        }

        let n = tokens.count
        var ids = SpecialIDs(isBPE: isBPE, vocabularySize: n)
        try ids.read(from: self)
        SpecialTokenFixes.apply(to: &vocabulary, ids: &ids)

        // Flags: the family defaults, then the file's keys.
        var addBOS = isBPE ? (preTokenizer?.addsBOSByDefault ?? false) : true
        var addEOS = false
        var addSpacePrefix = !isBPE
        if let value = try bool("tokenizer.ggml.add_bos_token") { addBOS = value }
        if let value = try bool("tokenizer.ggml.add_eos_token") { addEOS = value }
        if let value = try bool("tokenizer.ggml.add_space_prefix") { addSpacePrefix = value }
        if addBOS && ids.bos == nil {
            throw error(.invalidValue, "tokenizer.ggml.add_bos_token", "is true, but tokenizer.ggml.bos_token_id is not set")
        }
        if addEOS && ids.eos == nil {
            throw error(.invalidValue, "tokenizer.ggml.add_eos_token", "is true, but tokenizer.ggml.eos_token_id is not set")
        }

        let model: Tokenizer.Model
        if let preTokenizer {
            let mergesKey = "tokenizer.ggml.merges"
            guard let merges = metadata.stringArray(mergesKey) else {
                if metadata[mergesKey] != nil { throw error(.invalidValue, mergesKey, "expected an array of strings") }
                throw error(.missingKey, mergesKey, "a gpt2 tokenizer needs its merges")
            }
            let bpe = ByteLevelBPE(vocabulary: vocabulary, merges: merges, ignoresMerges: preTokenizer.ignoresMerges)
            _ = UnicodeClass.table.count  // build the class table now rather than on the first request
            model = .byteLevelBPE(bpe, preTokenizer)
        } else {
            model = .sentencePiece(SentencePieceBPE(vocabulary: vocabulary))
        }
        return Tokenizer(vocabulary: vocabulary, model: model, addSpacePrefix: isBPE ? false : addSpacePrefix,
                         bos: ids.bos, eos: ids.eos, addBOS: addBOS, addEOS: addEOS,
                         endOfGeneration: ids.endOfGeneration)
    }

    /// An optional integer array of at least `minimumCount` entries.
    func intArray(_ key: String, minimumCount: Int) throws(TokenizerError) -> [Int]? {
        guard metadata[key] != nil else { return nil }
        guard let values = metadata.intArray(key) else { throw error(.invalidValue, key, "expected an array of integers") }
        guard values.count >= minimumCount else {
            throw error(.invalidValue, key, "\(values.count) entries for \(minimumCount) tokens")
        }
        return values
    }

    /// An optional boolean.
    func bool(_ key: String) throws(TokenizerError) -> Bool? {
        guard metadata[key] != nil else { return nil }
        guard let value = metadata.bool(key) else { throw error(.invalidValue, key, "expected a boolean") }
        return value
    }

    /// An optional token id; an id outside the vocabulary is ignored (llama.cpp keeps the default then).
    func tokenID(_ key: String, vocabularySize: Int) throws(TokenizerError) -> TokenID?? {
        guard metadata[key] != nil else { return nil }
        guard let value = metadata.int(key) else { throw error(.invalidValue, key, "expected an integer token id") }
        guard value >= 0, value < vocabularySize else { return .some(nil) }
        return .some(TokenID(value))
    }
}

/// The special token ids of a vocabulary: defaults by tokenizer family, overridden by the file.
private struct SpecialIDs {
    var bos: TokenID?
    var eos: TokenID?
    var eot: TokenID?
    var eom: TokenID?
    var fimPre: TokenID?
    var fimSuf: TokenID?
    var fimMid: TokenID?
    var fimPad: TokenID?
    var fimRep: TokenID?
    var fimSep: TokenID?
    var endOfGeneration: Set<TokenID> = []
    let vocabularySize: Int

    /// llama.cpp's defaults: SentencePiece bos 1 / eos 2, byte-level BPE bos = eos = 11 (dropped when out of range).
    init(isBPE: Bool, vocabularySize: Int) {
        self.vocabularySize = vocabularySize
        let defaultBOS: TokenID = isBPE ? 11 : 1
        let defaultEOS: TokenID = isBPE ? 11 : 2
        bos = Int(defaultBOS) < vocabularySize ? defaultBOS : nil
        eos = Int(defaultEOS) < vocabularySize ? defaultEOS : nil
    }

    mutating func read(from loader: GGUFTokenizerLoader) throws(TokenizerError) {
        func update(_ key: String, _ slot: inout TokenID?) throws(TokenizerError) {
            if let found = try loader.tokenID("tokenizer.ggml." + key, vocabularySize: vocabularySize),
               let id = found {
                slot = id
            }
        }
        try update("bos_token_id", &bos)
        try update("eos_token_id", &eos)
        try update("eot_token_id", &eot)
        try update("eom_token_id", &eom)
        try update("fim_pre_token_id", &fimPre)
        try update("fim_suf_token_id", &fimSuf)
        try update("fim_mid_token_id", &fimMid)
        try update("fim_pad_token_id", &fimPad)
        try update("fim_rep_token_id", &fimRep)
        try update("fim_sep_token_id", &fimSep)
        try update("prefix_token_id", &fimPre)
        try update("suffix_token_id", &fimSuf)
        try update("middle_token_id", &fimMid)
    }
}

/// llama.cpp's load-time corrections, which change how special tokens are matched and when generation ends.
private enum SpecialTokenFixes {
    static let eotTexts: Set<String> = [
        "<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>", "<|end_of_text|>", "<EOT>", "_<EOT>",
        "[EOT]", "<｜end▁of▁sentence｜>", "<end_of_utterance>",
    ]
    static let eomTexts: Set<String> = ["<|eom_id|>"]
    static let fimPreTexts: Set<String> = [
        "<|fim_prefix|>", "<fim-prefix>", "<fim_prefix>", "<｜fim▁begin｜>", "<PRE>", "▁<PRE>", "<|code_prefix|>",
        "<|prefix|>",
    ]
    static let fimSufTexts: Set<String> = [
        "<|fim_suffix|>", "<fim-suffix>", "<fim_suffix>", "<｜fim▁hole｜>", "<SUF>", "▁<SUF>", "<|code_suffix|>",
        "<|suffix|>",
    ]
    static let fimMidTexts: Set<String> = [
        "<|fim_middle|>", "<fim-middle>", "<fim_middle>", "<｜fim▁end｜>", "<MID>", "▁<MID>", "<|code_middle|>",
        "<|middle|>",
    ]
    static let fimPadTexts: Set<String> = ["<|fim_pad|>", "<fim-pad>", "<fim_pad>", "<PAD>", "[PAD]"]
    static let fimRepTexts: Set<String> = ["<|fim_repo|>", "<|repo_name|>", "<fim-repo>", "<REPO>", "<reponame>"]
    static let fimSepTexts: Set<String> = ["<|file_sep|>"]
    /// Texts that end generation (llama.cpp's EOG list).
    static let endOfGenerationTexts: Set<String> = [
        "<|eot_id|>", "<|im_end|>", "<|end|>", "<|return|>", "<|call|>", "<|flush|>", "<|calls|>", "<end_of_turn>",
        "<|endoftext|>", "</s>", "<|eom_id|>", "<EOT>", "_<EOT>", "[EOT]", "[EOS]", "<|end_of_text|>",
        "<end_of_utterance>", "<eos>", "<turn|>", "<|tool_response>", "<｜end▁of▁sentence｜>", "[e~[",
    ]
    /// gpt-oss tokens that are always rendered.
    static let alwaysRenderedTexts: Set<String> = ["<|channel|>", "<|message|>", "<|start|>", "<|constrain|>"]

    static func apply(to vocabulary: inout Vocabulary, ids: inout SpecialIDs) {
        let n = vocabulary.count
        // Only the short texts can be markers; decode the candidates once.
        var texts: [(TokenID, String)] = []
        for id in 0..<n where vocabulary.strings.length(Int32(id)) <= 32 {
            guard let first = vocabulary.strings.bytes(Int32(id)).first,
                  first == 0x3C || first == 0x5B || first == 0x5F || first == 0xE2 else { continue }  // < [ _ ▁
            texts.append((TokenID(id), vocabulary.text(TokenID(id))))
        }
        func detect(_ slot: inout TokenID?, _ names: Set<String>) {
            guard slot == nil, let match = texts.first(where: { names.contains($0.1) }) else { return }
            slot = match.0
            vocabulary.attributes[Int(match.0)].insert(.control)
        }
        detect(&ids.eot, eotTexts)
        detect(&ids.eom, eomTexts)
        detect(&ids.fimPre, fimPreTexts)
        detect(&ids.fimSuf, fimSufTexts)
        detect(&ids.fimMid, fimMidTexts)
        detect(&ids.fimPad, fimPadTexts)
        detect(&ids.fimRep, fimRepTexts)
        detect(&ids.fimSep, fimSepTexts)

        // Control tokens named "unused" are unused.
        for id in 0..<n where vocabulary.attributes[id].contains(.control) {
            if vocabulary.text(TokenID(id)).contains("unused") { vocabulary.attributes[id].insert(.unused) }
        }

        var eog: Set<TokenID> = []
        for slot in [ids.fimPad, ids.fimRep, ids.fimSep] { if let slot { eog.insert(slot) } }
        for (id, text) in texts where endOfGenerationTexts.contains(text) {
            eog.insert(id)
            vocabulary.attributes[Int(id)].insert(.control)
        }
        for (id, text) in texts where alwaysRenderedTexts.contains(text) {
            vocabulary.attributes[Int(id)] = .userDefined
        }
        for slot in [ids.eos, ids.eot, ids.eom] { if let slot { eog.insert(slot) } }

        // gpt-oss / solar-open: "<|end|>" does not end generation when the model has "<|return|>"/"<|call|>"
        // (or "<|calls|>"/"<|flush|>").
        let eogTexts = Dictionary(eog.map { (vocabulary.text($0), $0) }, uniquingKeysWith: { first, _ in first })
        let hasCall = eogTexts["<|call|>"] != nil || eogTexts["<|calls|>"] != nil
        if let end = eogTexts["<|end|>"], hasCall, eogTexts["<|return|>"] != nil || eogTexts["<|flush|>"] != nil {
            eog.remove(end)
            vocabulary.attributes[Int(end)] = .userDefined
        }
        // Gemma 4 / PLaMo: "</s>" is a normal token (not an end marker) next to "<|tool_response>" or "<|plamo:eos|>".
        if eogTexts["<|tool_response>"] != nil || eogTexts["<|plamo:eos|>"] != nil, let closing = eogTexts["</s>"] {
            eog.remove(closing)
            vocabulary.attributes[Int(closing)] = .normal
        }
        ids.endOfGeneration = eog
    }
}
