import Constraints
import GGUF
import InferenceTypes
import TestSupport

/// Real vocabularies for the tests, read from the installed model files (until the Tokenizers target provides
/// `tokenBytes`): GPT-2 byte-to-unicode decoding for byte-level BPE, `▁` → space and `<0xNN>` → byte for
/// SentencePiece.
enum TestVocabularies {
    struct LoadError: Error, CustomStringConvertible {
        let description: String
    }

    /// SmolLM2-135M-Instruct (49,152 tokens, byte-level BPE).
    static let smolLM2: Result<ConstraintVocabulary, any Error> = Result {
        ConstraintVocabulary(try load(fileName: TestPaths.smolLM2))
    }

    /// Gemma 3 270M (262,144 tokens, SentencePiece with byte fallback).
    static let gemma3: Result<ConstraintVocabulary, any Error> = Result {
        ConstraintVocabulary(try load(fileName: TestPaths.gemma3))
    }

    /// Reads a model's token table and converts it to token bytes.
    static func load(fileName: String) throws -> TokenVocabulary {
        let file = try GGUFFile(path: try TestPaths.model(fileName: fileName))
        let meta = file.metadata
        guard let tokens = meta.stringArray("tokenizer.ggml.tokens"),
            let types = meta.intArray("tokenizer.ggml.token_type"), types.count == tokens.count
        else { throw LoadError(description: "\(fileName): no token table") }
        let model = meta.string("tokenizer.ggml.model") ?? ""
        var bytes: [[UInt8]] = []
        var special = Set<TokenID>()
        var eog = Set<TokenID>()
        let byteLevel = model == "gpt2"
        let decoder = byteLevel ? gpt2ByteDecoder() : [:]
        for (i, (text, type)) in zip(tokens, types).enumerated() {
            let id = TokenID(i)
            switch type {
            case 3, 2, 5:  // control, unknown, unused
                special.insert(id)
                bytes.append([])
            case 6:  // byte token <0xNN>
                let hex = text.dropFirst(3).prefix(2)
                guard let b = UInt8(hex, radix: 16) else { throw LoadError(description: "bad byte token \(text)") }
                bytes.append([b])
            default:
                if byteLevel {
                    var out: [UInt8] = []
                    for scalar in text.unicodeScalars {
                        guard let b = decoder[scalar.value] else {
                            throw LoadError(description: "token \(i) has a character outside the byte alphabet")
                        }
                        out.append(b)
                    }
                    bytes.append(out)
                } else {
                    bytes.append(Array(text.replacingSentencePieceSpaces().utf8))
                }
            }
            if ["<|im_end|>", "<|endoftext|>", "<end_of_turn>", "<|eot_id|>", "<eos>"].contains(text) { eog.insert(id) }
        }
        if let eos = meta.int("tokenizer.ggml.eos_token_id") { eog.insert(TokenID(eos)) }
        return TokenVocabulary(tokenBytes: bytes, specialTokens: special, endOfGenerationTokens: eog)
    }

    /// GPT-2's byte → printable-unicode table, inverted (code point → byte).
    static func gpt2ByteDecoder() -> [UInt32: UInt8] {
        var printable: [Int] = Array(33...126) + Array(161...172) + Array(174...255)
        var codes = printable
        var extra = 0
        for b in 0..<256 where !printable.contains(b) {
            printable.append(b)
            codes.append(256 + extra)
            extra += 1
        }
        var map: [UInt32: UInt8] = [:]
        for (b, c) in zip(printable, codes) { map[UInt32(c)] = UInt8(b) }
        return map
    }
}

extension String {
    fileprivate func replacingSentencePieceSpaces() -> String {
        String(String.UnicodeScalarView(unicodeScalars.map { $0.value == 0x2581 ? " " : $0 }))
    }
}
