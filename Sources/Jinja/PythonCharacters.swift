/// Character classes with Python's definitions, so that `strip()`, `split()` and friends behave exactly as in
/// Python (and therefore as in jinja2).
enum PythonCharacters {
    /// Python's `str.isspace()` for one code point.
    static func isSpace(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    /// Python's line boundaries for `str.splitlines()`.
    static func isLineBreak(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029: return true
        default: return false
        }
    }

    /// Python's `str.isprintable()` for one code point (used by `repr`).
    static func isPrintable(_ s: Unicode.Scalar) -> Bool {
        if s.value == 0x20 { return true }
        if s.value < 0x20 || s.value == 0x7F { return false }
        if s.value < 0x7F { return true }
        switch s.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator,
            .spaceSeparator:
            return false
        default:
            return true
        }
    }

    /// Python's `\w` for identifiers and `wordcount`: letters, digits, marks and underscore.
    static func isWord(_ s: Unicode.Scalar) -> Bool {
        if s == "_" { return true }
        if s.value < 0x80 {
            return (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") || (s >= "0" && s <= "9")
        }
        let p = s.properties
        return p.isAlphabetic || p.numericType != nil
            || p.generalCategory == .nonspacingMark || p.generalCategory == .spacingMark
    }

    /// Whether `s` may start an identifier.
    static func isIdentifierStart(_ s: Unicode.Scalar) -> Bool {
        if s == "_" { return true }
        if s.value < 0x80 { return (s >= "a" && s <= "z") || (s >= "A" && s <= "Z") }
        return s.properties.isXIDStart
    }

    /// Whether `s` may continue an identifier.
    static func isIdentifierContinue(_ s: Unicode.Scalar) -> Bool {
        if s.value < 0x80 { return isWord(s) }
        return s.properties.isXIDContinue
    }
}
