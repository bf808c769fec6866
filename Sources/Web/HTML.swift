/// A fragment of HTML. Building one by string interpolation escapes every interpolated `String` (text and attribute
/// values alike: `&`, `<`, `>`, `"` and `'`), while interpolated `HTML` values go in as they are, so model names,
/// prompts and anything else that did not come from this target's own literals can only ever land in a page as text.
public struct HTML: Sendable, Hashable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The markup.
    public private(set) var text: String

    /// Markup written by hand (trusted).
    public init(stringLiteral value: String) { text = value }

    /// Markup assembled by interpolation (strings escaped, fragments kept).
    public init(stringInterpolation: Interpolation) { text = stringInterpolation.text }

    /// Markup that is already safe (for fragments built elsewhere in this target).
    init(trusted: String) { text = trusted }

    /// The markup.
    public var description: String { text }

    /// Fragments one after another.
    public static func join(_ parts: [HTML], separator: HTML = "") -> HTML {
        HTML(trusted: parts.map(\.text).joined(separator: separator.text))
    }

    /// `value` with the five characters that matter in text and quoted attributes replaced by entities.
    public static func escape(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for c in value.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// The interpolation rules of ``HTML``.
    public struct Interpolation: StringInterpolationProtocol {
        var text = ""

        /// Room for the literal parts.
        public init(literalCapacity: Int, interpolationCount: Int) {
            text.reserveCapacity(literalCapacity + 16 * interpolationCount)
        }

        /// Literal markup, kept.
        public mutating func appendLiteral(_ literal: String) { text += literal }

        /// Text, escaped.
        public mutating func appendInterpolation(_ value: String) { text += HTML.escape(value) }

        /// A number.
        public mutating func appendInterpolation(_ value: Int) { text += String(value) }

        /// A fragment, kept.
        public mutating func appendInterpolation(_ value: HTML) { text += value.text }

        /// Fragments, kept, one after another.
        public mutating func appendInterpolation(_ values: [HTML]) {
            for v in values { text += v.text }
        }
    }
}
