/// Splits text into words before byte-level BPE, following the regex list llama.cpp compiles in for each
/// `tokenizer.ggml.pre` value. Each stage re-splits the pieces of the previous one; a regex stage
/// keeps both its matches and the gaps between them as pieces, as llama.cpp's `unicode_regex_split` does.
///
/// The regexes are implemented as hand-written scanners over code points and a class table (``UnicodeClass``), not
/// with `Regex`; `PreTokenizerScanners.swift` documents each one.
@_spi(Testing) public struct PreTokenizer: Sendable {
    /// One regex of a pre-tokenizer's list.
    enum Stage: Sendable, Equatable {
        /// `\p{N}` — every number character becomes its own piece.
        case isolateNumbers
        /// `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)` (GPT-2).
        case gpt2
        /// `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,maxDigits}| ?[^\s\p{L}\p{N}]+[\r\n]*|`
        /// `\s*[\r\n]+|\s+(?!\S)|\s+` (Llama 3 with 3, Qwen2 with 1).
        case llama3(maxDigits: Int)
        /// `[\p{P}\$\+<=>\^~\|]+`.
        case punctuationRuns
        /// `\p{N}+`.
        case numberRuns
        /// `[0-9][0-9][0-9]`.
        case asciiDigitTriples
    }

    /// The family name (`smollm`, `gpt-2`, `qwen2`, `llama-bpe`, `default`).
    let family: String
    /// The regex list, applied in order.
    let stages: [Stage]
    /// llama.cpp's `ignore_merges`: a word that is itself a vocabulary entry is emitted whole.
    let ignoresMerges: Bool
    /// Whether this family adds BOS unless the file says otherwise.
    let addsBOSByDefault: Bool

    /// The pre-tokenizer for a `tokenizer.ggml.pre` value (missing → `default`), or nil if it is not supported.
    @_spi(Testing) public init?(pre: String?) {
        let name = pre ?? "default"
        switch name {
        case "default", "":
            self.init(family: "default", stages: [.punctuationRuns, .gpt2, .numberRuns, .asciiDigitTriples])
        case "smollm", "starcoder", "refact", "command-r", "codeshell", "exaone", "minerva-7b", "mellum2":
            self.init(family: "smollm", stages: [.isolateNumbers, .gpt2])
        case "gpt-2", "phi-2", "jina-es", "jina-de", "gigachat", "jina-v2-es", "jina-v2-de", "a.x-4.0", "mellum",
             "modern-bert", "mpt", "olmo", "jais", "trillion", "granite-docling", "exaone4":
            self.init(family: "gpt-2", stages: [.gpt2])
        case "qwen2", "deepseek-r1-qwen", "kormo", "f2llmv2", "stablelm2", "megrez", "hunyuan", "solar-open", "grok-2":
            self.init(family: "qwen2", stages: [.llama3(maxDigits: 1)])
        case "llama3", "llama-v3", "llama-bpe", "falcon3", "falcon-h1", "pixtral", "midm-2.0", "lfm2", "jina-v5-nano":
            self.init(family: "llama-bpe", stages: [.llama3(maxDigits: 3)], ignoresMerges: true, addsBOS: true)
        case "dbrx", "smaug-bpe":
            self.init(family: "llama-bpe", stages: [.llama3(maxDigits: 3)])
        default:
            return nil
        }
    }

    private init(family: String, stages: [Stage], ignoresMerges: Bool = false, addsBOS: Bool = false) {
        self.family = family
        self.stages = stages
        self.ignoresMerges = ignoresMerges
        self.addsBOSByDefault = addsBOS
    }

    /// Splits `text` into words (for tests and tools; the tokenizer uses the buffer-based form).
    @_spi(Testing) public func split(_ text: String) -> [String] {
        var scratch = PreTokenizerScratch()
        var utf8 = Array(text.utf8)
        return utf8.withUnsafeMutableBufferPointer { buffer in
            let bytes = UnsafeBufferPointer(buffer)
            split(bytes, scratch: &scratch)
            var words: [String] = []
            var start = 0
            for end in scratch.wordEnds {
                words.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<Int(end)]), as: UTF8.self))
                start = Int(end)
            }
            return words
        }
    }

    /// Splits UTF-8 `text`; afterwards `scratch.wordEnds` holds the byte offset where each word ends.
    func split(_ text: UnsafeBufferPointer<UInt8>, scratch: inout PreTokenizerScratch) {
        scratch.decode(text)
        let count = scratch.scalars.count
        scratch.ends.removeAll(keepingCapacity: true)
        if count > 0 { scratch.ends.append(Int32(count)) }
        for stage in stages {
            scratch.next.removeAll(keepingCapacity: true)
            scratch.scalars.withUnsafeBufferPointer { cps in
                scratch.classes.withUnsafeBufferPointer { cls in
                    var start = 0
                    for end in scratch.ends {
                        let scanner = SegmentScanner(cps: cps, cls: cls, start: start, end: Int(end))
                        scanner.run(stage, into: &scratch.next)
                        start = Int(end)
                    }
                }
            }
            swap(&scratch.ends, &scratch.next)
        }
        scratch.wordEnds.removeAll(keepingCapacity: true)
        for end in scratch.ends { scratch.wordEnds.append(scratch.byteStarts[Int(end)]) }
    }
}

/// Reusable buffers of the pre-tokenizer (one per encode call).
struct PreTokenizerScratch {
    /// Code points of the text. [n]
    var scalars: [UInt32] = []
    /// ``UnicodeClass`` bits per code point. [n]
    var classes: [UInt8] = []
    /// Byte offset where each code point starts, plus the text length. [n + 1]
    var byteStarts: [Int32] = []
    /// Piece ends (code point index) after the last stage. [pieces]
    var ends: [Int32] = []
    /// Piece ends being produced by the current stage. [pieces]
    var next: [Int32] = []
    /// Word ends as byte offsets. [words]
    var wordEnds: [Int32] = []

    /// Decodes UTF-8 into code points, their classes and byte offsets. A malformed byte becomes U+FFFD and is skipped
    /// alone, as llama.cpp does (it cannot occur in a Swift `String`).
    mutating func decode(_ text: UnsafeBufferPointer<UInt8>) {
        scalars.removeAll(keepingCapacity: true)
        classes.removeAll(keepingCapacity: true)
        byteStarts.removeAll(keepingCapacity: true)
        scalars.reserveCapacity(text.count)
        classes.reserveCapacity(text.count)
        byteStarts.reserveCapacity(text.count + 1)
        UnicodeClass.table.withUnsafeBufferPointer { table in
            let n = text.count
            var i = 0
            while i < n {
                let b0 = text[i]
                var scalar = UInt32(b0)
                var length = 1
                if b0 >= 0x80 {
                    (scalar, length) = Self.decodeMultibyte(text, at: i)
                }
                scalars.append(scalar)
                classes.append(table[Int(scalar)])
                byteStarts.append(Int32(i))
                i += length
            }
            byteStarts.append(Int32(n))
        }
    }

    @inline(__always)
    private static func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }

    private static func decodeMultibyte(_ text: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt32, Int) {
        let n = text.count
        let b0 = UInt32(text[i])
        if b0 >= 0xC2, b0 < 0xE0, i + 1 < n, isContinuation(text[i + 1]) {
            return ((b0 & 0x1F) << 6 | UInt32(text[i + 1] & 0x3F), 2)
        }
        if b0 >= 0xE0, b0 < 0xF0, i + 2 < n, isContinuation(text[i + 1]), isContinuation(text[i + 2]) {
            let value = (b0 & 0x0F) << 12 | UInt32(text[i + 1] & 0x3F) << 6 | UInt32(text[i + 2] & 0x3F)
            return (value, 3)
        }
        if b0 >= 0xF0, b0 < 0xF5, i + 3 < n,
           isContinuation(text[i + 1]), isContinuation(text[i + 2]), isContinuation(text[i + 3]) {
            let value = (b0 & 0x07) << 18 | UInt32(text[i + 1] & 0x3F) << 12 | UInt32(text[i + 2] & 0x3F) << 6
                | UInt32(text[i + 3] & 0x3F)
            return (min(value, 0x10FFFF), 4)
        }
        return (0xFFFD, 1)
    }
}
