/// A regular expression over code points, as parsed from a JSON Schema `pattern` or a built-in `format`.
indirect enum RegexNode: Sendable {
    case empty
    /// One code point from the set.
    case chars(CodePointSet)
    case seq([RegexNode])
    case alt([RegexNode])
    /// `min` to `max` repetitions (`nil`: unbounded).
    case rep(RegexNode, min: Int, max: Int?)

    /// Any code point (used to pad unanchored patterns).
    static let anyChar = RegexNode.chars(.all)

    /// The expression matching the JSON string *encoding* of the strings this regex matches: characters that must
    /// be escaped inside a JSON string (`"`, `\`, U+0000–U+001F) appear as their canonical escape; everything else
    /// as its UTF-8 bytes.
    var jsonEncoded: GrammarExpr {
        switch self {
        case .empty: return .empty
        case .chars(let set): return JSONText.encodedChars(set)
        case .seq(let parts): return .seq(parts.map(\.jsonEncoded))
        case .alt(let parts): return .alt(parts.map(\.jsonEncoded))
        case .rep(let x, let lo, let hi): return .rep(x.jsonEncoded, min: lo, max: hi)
        }
    }
}
