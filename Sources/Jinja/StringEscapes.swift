/// Resolves backslash escapes in string literals the way jinja2 does (Python's `unicode-escape` codec applied to
/// the literal after non-ASCII characters were backslash-replaced).
enum StringEscapes {
    static func unescape(_ body: ArraySlice<Unicode.Scalar>, at location: SourceLocation) throws(TemplateError)
        -> String
    {
        var out = String.UnicodeScalarView()
        var i = body.startIndex
        let end = body.endIndex
        func hexValue(_ from: Int, _ count: Int) -> UInt32? {
            guard from + count <= end else { return nil }
            var v: UInt32 = 0
            for k in from..<(from + count) {
                guard body[k].isASCII, let d = UInt32(String(body[k]), radix: 16) else { return nil }
                v = v * 16 + d
            }
            return v
        }
        while i < end {
            let c = body[i]
            guard c == "\\", i + 1 < end else {
                out.append(c)
                i += 1
                continue
            }
            let e = body[i + 1]
            i += 2
            switch e {
            case "\n": break
            case "\\": out.append("\\")
            case "'": out.append("'")
            case "\"": out.append("\"")
            case "a": out.append("\u{07}")
            case "b": out.append("\u{08}")
            case "f": out.append("\u{0C}")
            case "n": out.append("\n")
            case "r": out.append("\r")
            case "t": out.append("\t")
            case "v": out.append("\u{0B}")
            case "0"..."7":
                var v = e.value - 0x30
                var count = 1
                while count < 3, i < end, body[i] >= "0", body[i] <= "7" {
                    v = v * 8 + body[i].value - 0x30
                    i += 1
                    count += 1
                }
                guard let s = Unicode.Scalar(v) else { throw .syntax("invalid octal escape", location) }
                out.append(s)
            case "x", "u", "U":
                let count = e == "x" ? 2 : (e == "u" ? 4 : 8)
                guard let v = hexValue(i, count) else {
                    throw .syntax("truncated \\\(e) escape in string literal", location)
                }
                guard let s = Unicode.Scalar(v) else {
                    throw .syntax("escape \\\(e) gives an invalid code point", location)
                }
                out.append(s)
                i += count
            case "N":
                throw .syntax("\\N{…} escapes are not supported", location)
            default:
                out.append("\\")
                if e.value < 0x80 {
                    out.append(e)
                } else {
                    // jinja2 backslash-replaces non-ASCII before decoding, so "\é" becomes the text "\xe9".
                    let hex = String(e.value, radix: 16)
                    let (prefix, width): (String, Int) = e.value < 0x100 ? ("x", 2) : (e.value < 0x10000 ? ("u", 4) : ("U", 8))
                    out.append(contentsOf: (prefix + String(repeating: "0", count: width - hex.count) + hex).unicodeScalars)
                }
            }
        }
        return String(out)
    }
}
