import GGUF
import TestSupport
import Tokenizers

/// Small hand-made GGUF vocabularies whose tokenizations can be worked out by hand.
enum SyntheticVocabularies {
    /// GPT-2's byte-unicode character for each byte (restated here so the test does not depend on the code under
    /// test): printable bytes map to themselves, the other 68 to U+0100 onward in byte order.
    static let byteCharacters: [String] = {
        var out: [String] = []
        var next: UInt32 = 256
        for byte in 0..<256 {
            let printable = (0x21...0x7E).contains(byte) || (0xA1...0xAC).contains(byte) || (0xAE...0xFF).contains(byte)
            let scalar = printable ? UInt32(byte) : next
            if !printable { next += 1 }
            out.append(String(Character(Unicode.Scalar(scalar)!)))
        }
        return out
    }()

    /// A byte-level BPE tokenizer: the 256 byte characters (ids 0–255), then `extra` tokens (text, GGUF type), with
    /// `merges` in rank order.
    static func bpe(pre: String, extra: [(String, Int32)], merges: [String],
                    metadata: [(String, GGUFValue)] = []) throws -> Tokenizer {
        let tokens = byteCharacters + extra.map(\.0)
        let types = [Int32](repeating: 1, count: 256) + extra.map(\.1)
        var writer = GGUFWriter()
        writer.set("general.architecture", .string("llama"))
        writer.set("tokenizer.ggml.model", .string("gpt2"))
        writer.set("tokenizer.ggml.pre", .string(pre))
        writer.set("tokenizer.ggml.tokens", .array(.string, tokens.map { .string($0) }))
        writer.set("tokenizer.ggml.token_type", .array(.int32, types.map { .int32($0) }))
        writer.set("tokenizer.ggml.merges", .array(.string, merges.map { .string($0) }))
        for (key, value) in metadata { writer.set(key, value) }
        return try Tokenizer.load(from: GGUFFile(bytes: writer.encoded(), name: "synthetic-bpe.gguf"))
    }

    /// A SentencePiece tokenizer: `<unk>` 0, `<s>` 1, `</s>` 2, byte tokens `<0x00>`…`<0xFF>` (ids 3–258), then
    /// `pieces` (text, score, GGUF type).
    static func sentencePiece(_ pieces: [(String, Float, Int32)],
                              metadata: [(String, GGUFValue)] = []) throws -> Tokenizer {
        var tokens = ["<unk>", "<s>", "</s>"]
        var scores: [Float] = [0, 0, 0]
        var types: [Int32] = [2, 3, 3]
        let hex = Array("0123456789ABCDEF")
        for byte in 0..<256 {
            tokens.append("<0x\(hex[byte >> 4])\(hex[byte & 15])>")
            scores.append(0)
            types.append(6)
        }
        for (text, score, type) in pieces {
            tokens.append(text)
            scores.append(score)
            types.append(type)
        }
        var writer = GGUFWriter()
        writer.set("general.architecture", .string("llama"))
        writer.set("tokenizer.ggml.model", .string("llama"))
        writer.set("tokenizer.ggml.tokens", .array(.string, tokens.map { .string($0) }))
        writer.set("tokenizer.ggml.scores", .array(.float32, scores.map { .float32($0) }))
        writer.set("tokenizer.ggml.token_type", .array(.int32, types.map { .int32($0) }))
        for (key, value) in metadata { writer.set(key, value) }
        return try Tokenizer.load(from: GGUFFile(bytes: writer.encoded(), name: "synthetic-spm.gguf"))
    }
}

extension Tokenizer {
    /// The vocabulary strings of `encode(text)`, for readable expectations.
    func pieces(_ text: String, addSpecial: Bool = false, parseSpecial: Bool = false) -> [String] {
        encode(text, addSpecial: addSpecial, parseSpecial: parseSpecial).map { piece($0) ?? "?" }
    }
}
