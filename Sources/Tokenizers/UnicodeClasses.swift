/// Character classes of the pre-tokenizer regexes (`\p{L}`, `\p{N}`, `\p{P}`, `\s`), defined the way llama.cpp's
/// `unicode.cpp` defines them so that splits agree exactly:
/// - categories are Unicode general categories as of **Unicode 15.1** (llama.cpp's generated tables). Code points
///   assigned later are "undefined" there, so they are here too, whatever the Swift runtime's Unicode version says;
/// - `\s` is the Unicode `White_Space` property (llama.cpp's `unicode_set_whitespace`), not the general category.
///
/// The table holds one byte of ``UnicodeClass`` bits per code point (1.1 MB), built once on first use.
struct UnicodeClass: OptionSet, Sendable {
    let rawValue: UInt8
    static let letter = UnicodeClass(rawValue: 1 << 0)       // \p{L}
    static let number = UnicodeClass(rawValue: 1 << 1)       // \p{N}
    static let whitespace = UnicodeClass(rawValue: 1 << 2)   // \s
    static let punctuation = UnicodeClass(rawValue: 1 << 3)  // \p{P}
    static let mark = UnicodeClass(rawValue: 1 << 4)         // \p{M}
    static let symbol = UnicodeClass(rawValue: 1 << 5)       // \p{S}
    static let separator = UnicodeClass(rawValue: 1 << 6)    // \p{Z}
    static let control = UnicodeClass(rawValue: 1 << 7)      // \p{C} except unassigned

    /// The newest Unicode version whose assignments llama.cpp's tables know.
    static let unicodeVersion = (major: 15, minor: 1)

    /// `White_Space` code points (PropList.txt), as in llama.cpp.
    static let whitespaceScalars: [UInt32] = [
        0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680,
        0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200A,
        0x2028, 0x2029, 0x202F, 0x205F, 0x3000,
    ]

    /// Classes of every code point 0...0x10FFFF.
    static let table: [UInt8] = buildTable()

    /// The classes of a code point (out-of-range values have none).
    @inline(__always)
    static func of(_ scalar: UInt32) -> UnicodeClass {
        scalar < 0x110000 ? UnicodeClass(rawValue: table[Int(scalar)]) : []
    }

    /// The class bits of one scalar from its general category, or none if it was assigned after ``unicodeVersion``.
    static func categoryClass(_ scalar: Unicode.Scalar) -> UnicodeClass {
        let properties = scalar.properties
        guard let age = properties.age,
              age.major < unicodeVersion.major
                || (age.major == unicodeVersion.major && age.minor <= unicodeVersion.minor)
        else { return [] }
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            return .letter
        case .decimalNumber, .letterNumber, .otherNumber:
            return .number
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
             .finalPunctuation, .otherPunctuation:
            return .punctuation
        case .nonspacingMark, .spacingMark, .enclosingMark:
            return .mark
        case .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return .symbol
        case .spaceSeparator, .lineSeparator, .paragraphSeparator:
            return .separator
        case .control, .format, .surrogate, .privateUse:
            return .control
        case .unassigned:
            return []
        @unknown default:
            return []
        }
    }

    private static func buildTable() -> [UInt8] {
        var table = [UInt8](repeating: 0, count: 0x110000)
        table.withUnsafeMutableBufferPointer { out in
            for value in 0..<UInt32(0x110000) {
                if let scalar = Unicode.Scalar(value) {
                    out[Int(value)] = categoryClass(scalar).rawValue
                } else {
                    out[Int(value)] = UnicodeClass.control.rawValue  // surrogates: category Cs
                }
            }
            for value in whitespaceScalars {
                out[Int(value)] |= UnicodeClass.whitespace.rawValue
            }
        }
        return table
    }
}
