/// Internals exposed to the test suite through SPI (`@_spi(Testing) import Tokenizers`), so the tests also compile
/// in release builds, where `@testable` is unavailable. Not part of the supported API.
@_spi(Testing) public enum TokenizerTesting {
    /// The final BPE symbols of one word by the three merge paths: the plain reference, the rank-array scan and the
    /// heap. Nil for a SentencePiece tokenizer.
    public static func bpeMergePaths(_ tokenizer: Tokenizer, word: [UInt8]) -> [[Int32]]? {
        guard case .byteLevelBPE(let bpe, _) = tokenizer.model else { return nil }
        return [
            bpe.referenceSymbols(word),
            bpe.fastSymbols(word, forceHeap: false),
            bpe.fastSymbols(word, forceHeap: true),
        ]
    }

    /// The pre-tokenizer class bits of a code point: (letter, number, whitespace, punctuation).
    public static func classes(of scalar: UInt32) -> (letter: Bool, number: Bool, whitespace: Bool, punctuation: Bool) {
        let c = UnicodeClass.of(scalar)
        return (c.contains(.letter), c.contains(.number), c.contains(.whitespace), c.contains(.punctuation))
    }

    /// How many bytes of `bytes` the streaming detokenizer may emit now.
    public static func completeUTF8PrefixLength(_ bytes: [UInt8]) -> Int {
        StreamingDetokenizer.completePrefixLength(bytes)
    }
}
