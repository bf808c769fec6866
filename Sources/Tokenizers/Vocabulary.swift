import InferenceTypes

/// The token strings of a model with their attributes and scores, indexed both ways.
struct Vocabulary: Sendable {
    /// Token strings as stored in the file (UTF-8); the table id of a string is its token id.
    let strings: ByteStringTable
    /// Attributes per token after llama.cpp's load-time fixes. [count]
    var attributes: [TokenAttributes]
    /// SentencePiece scores (0 when the file has none). [count]
    let scores: [Float]

    /// Number of tokens.
    var count: Int { attributes.count }

    /// Builds the vocabulary. Fails (with the offending ids) on a duplicate string, as llama.cpp does. An empty
    /// string is replaced by `[EMPTY_<id>]`, also as llama.cpp does.
    init(tokens: [String], types: [Int]?, scores: [Float]?) throws(DuplicateToken) {
        var table = ByteStringTable(expectedCount: tokens.count)
        var attributes: [TokenAttributes] = []
        attributes.reserveCapacity(tokens.count)
        for (index, token) in tokens.enumerated() {
            let text = token.isEmpty ? "[EMPTY_\(index)]" : token
            let (id, inserted) = table.insert(Array(text.utf8))
            guard inserted else { throw DuplicateToken(text: text, first: Int(id), second: index) }
            if let types {
                attributes.append(TokenAttributes(ggufType: index < types.count ? types[index] : 0))
            } else {
                attributes.append(.normal)
            }
        }
        self.strings = table
        self.attributes = attributes
        if let scores {
            self.scores = (0..<tokens.count).map { $0 < scores.count ? scores[$0] : 0 }
        } else {
            self.scores = [Float](repeating: 0, count: tokens.count)
        }
    }

    /// Two ids share one string.
    struct DuplicateToken: Error {
        let text: String
        let first: Int
        let second: Int
    }

    /// The id of a token string, or nil.
    func id(of text: String) -> TokenID? {
        let id = strings.find(Array(text.utf8))
        return id >= 0 ? id : nil
    }

    /// The stored string of a token.
    func text(_ id: TokenID) -> String {
        String(decoding: strings.bytes(id), as: UTF8.self)
    }

    /// Whether `id` is a valid token id.
    @inline(__always)
    func contains(_ id: TokenID) -> Bool { id >= 0 && Int(id) < count }
}
