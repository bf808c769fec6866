/// The pre-tokenizer regexes as scanners over one piece `[start, end)` of code points (`cps`) and their
/// ``UnicodeClass`` bits (`cls`). Each appends the end index of every piece it produces to `out`.
///
/// They reproduce llama.cpp exactly, including its reading of the regexes: ECMAScript alternation (the first
/// alternative that matches wins, greedy quantifiers), `\s` = White_Space, and "end of piece" as the end of input for
/// lookaheads such as `(?!\S)`.
struct SegmentScanner {
    let cps: UnsafeBufferPointer<UInt32>
    let cls: UnsafeBufferPointer<UInt8>
    let start: Int
    let end: Int

    private static let letter = UnicodeClass.letter.rawValue
    private static let number = UnicodeClass.number.rawValue
    private static let space = UnicodeClass.whitespace.rawValue
    private static let punctuation = UnicodeClass.punctuation.rawValue
    private static let word = letter | number | space

    /// Runs one stage over the piece.
    func run(_ stage: PreTokenizer.Stage, into out: inout [Int32]) {
        switch stage {
        case .isolateNumbers: splitRuns(into: &out, isolateEach: true) { cls[$0] & Self.number != 0 }
        case .numberRuns: splitRuns(into: &out, isolateEach: false) { cls[$0] & Self.number != 0 }
        case .punctuationRuns: splitRuns(into: &out, isolateEach: false, isPunctuationRunMember)
        case .asciiDigitTriples: asciiDigitTriples(into: &out)
        case .gpt2: gpt2(into: &out)
        case .llama3(let maxDigits): llama3(maxDigits: maxDigits, into: &out)
        }
    }

    /// Class of position `p`, or 0 past the piece.
    @inline(__always)
    private func classAt(_ p: Int) -> UInt8 { p < end ? cls[p] : 0 }

    /// `[\p{P}\$\+<=>\^~\|]`.
    private func isPunctuationRunMember(_ p: Int) -> Bool {
        if cls[p] & Self.punctuation != 0 { return true }
        switch cps[p] {
        case 0x24, 0x2B, 0x3C, 0x3D, 0x3E, 0x5E, 0x7E, 0x7C: return true  // $ + < = > ^ ~ |
        default: return false
        }
    }

    /// A single-class regex (`X` or `X+`): matches and the gaps between them become pieces.
    private func splitRuns(into out: inout [Int32], isolateEach: Bool, _ matches: (Int) -> Bool) {
        var p = start
        while p < end {
            if matches(p) {
                p += 1
                if !isolateEach { while p < end && matches(p) { p += 1 } }
            } else {
                p += 1
                while p < end && !matches(p) { p += 1 }
            }
            out.append(Int32(p))
        }
    }

    /// `[0-9][0-9][0-9]`: leftmost non-overlapping triples of ASCII digits; the rest are gap pieces.
    private func asciiDigitTriples(into out: inout [Int32]) {
        @inline(__always) func isDigit(_ p: Int) -> Bool { p < end && cps[p] >= 0x30 && cps[p] <= 0x39 }
        var gapStart = start
        var p = start
        while p < end {
            if isDigit(p) && isDigit(p + 1) && isDigit(p + 2) {
                if p > gapStart { out.append(Int32(p)) }
                p += 3
                out.append(Int32(p))
                gapStart = p
            } else {
                p += 1
            }
        }
        if end > gapStart { out.append(Int32(end)) }
    }

    /// `'s|'t|'re|'ve|'m|'ll|'d` (lowercase) at `p`: the match length, or 0.
    @inline(__always)
    private func contraction(at p: Int, caseInsensitive: Bool) -> Int {
        guard cps[p] == 0x27, p + 1 < end else { return 0 }
        @inline(__always) func lower(_ c: UInt32) -> UInt32 {
            caseInsensitive && c >= 0x41 && c <= 0x5A ? c + 0x20 : c
        }
        let c1 = lower(cps[p + 1])
        if c1 == 0x73 || c1 == 0x74 || c1 == 0x6D || c1 == 0x64 { return 2 }  // s t m d
        guard p + 2 < end else { return 0 }
        let c2 = lower(cps[p + 2])
        if (c1 == 0x72 && c2 == 0x65) || (c1 == 0x76 && c2 == 0x65) || (c1 == 0x6C && c2 == 0x6C) { return 3 }  // re ve ll
        return 0
    }

    /// GPT-2: `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)` (and `\s+` for a lone
    /// whitespace before a non-space, which llama.cpp's scanner also emits as a piece).
    private func gpt2(into out: inout [Int32]) {
        var p = start
        while p < end {
            let c = cps[p]
            let k = contraction(at: p, caseInsensitive: false)
            if k > 0 {
                p += k
                out.append(Int32(p))
                continue
            }
            let leadingSpace = c == 0x20
            let inRange = !leadingSpace || p + 1 < end
            let f2 = leadingSpace ? classAt(p + 1) : cls[p]
            if f2 & Self.letter != 0 {
                p += leadingSpace ? 1 : 0
                while p < end && cls[p] & Self.letter != 0 { p += 1 }
            } else if f2 & Self.number != 0 {
                p += leadingSpace ? 1 : 0
                while p < end && cls[p] & Self.number != 0 { p += 1 }
            } else if inRange && f2 & Self.word == 0 {
                p += leadingSpace ? 1 : 0
                while p < end && cls[p] & Self.word == 0 { p += 1 }
            } else {
                var run = 0
                while p + run < end && cls[p + run] & Self.space != 0 { run += 1 }
                if run > 1 && p + run < end {
                    p += run - 1       // \s+(?!\S): leave the last space to prefix the next word
                } else if run > 0 {
                    p += run
                } else {
                    p += 1
                }
            }
            out.append(Int32(p))
        }
    }

    /// Llama 3 / Qwen2: `(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,maxDigits}|`
    /// ` ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`.
    private func llama3(maxDigits: Int, into out: inout [Int32]) {
        @inline(__always) func isNewline(_ c: UInt32) -> Bool { c == 0x0D || c == 0x0A }
        var p = start
        while p < end {
            let c = cps[p]
            let f = cls[p]
            let k = contraction(at: p, caseInsensitive: true)
            if k > 0 {
                p += k
            } else if !isNewline(c) && f & Self.number == 0
                        && (f & Self.letter != 0 || classAt(p + 1) & Self.letter != 0) {
                p += 1
                while p < end && cls[p] & Self.letter != 0 { p += 1 }
            } else if f & Self.number != 0 {
                let groupStart = p
                while p < end && cls[p] & Self.number != 0 && p - groupStart < maxDigits { p += 1 }
            } else if (c == 0x20 && p + 1 < end && cls[p + 1] & Self.word == 0) || (c != 0x20 && f & Self.word == 0) {
                p += c == 0x20 ? 1 : 0
                while p < end && cls[p] & Self.word == 0 { p += 1 }
                while p < end && isNewline(cps[p]) { p += 1 }
            } else {
                var run = 0
                var afterLastNewline = -1
                while p + run < end && cls[p + run] & Self.space != 0 {
                    if isNewline(cps[p + run]) { afterLastNewline = p + run + 1 }
                    run += 1
                }
                if afterLastNewline >= 0 {
                    p = afterLastNewline          // \s*[\r\n]+
                } else if run > 1 && p + run < end {
                    p += run - 1                  // \s+(?!\S)
                } else if run > 0 {
                    p += run                      // \s+
                } else {
                    p += 1
                }
            }
            out.append(Int32(p))
        }
    }
}
