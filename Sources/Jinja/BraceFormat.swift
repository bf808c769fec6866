import Foundation

/// Python's `str.format` for the forms templates use: `{}`, `{0}`, `{name}`, `!r` / `!s`, and format specs
/// `[[fill]align][sign][0][width][.precision][type]` with types `s d f e g x o b %`.
enum BraceFormat {
    /// `template.format(*args)`; the result may be at most `limit` bytes long.
    static func format(_ template: String, _ args: CallArguments, limit: Int, at location: SourceLocation?)
        throws(TemplateError) -> String
    {
        let chars = Array(template.unicodeScalars)
        var out = ""
        var i = 0
        var autoIndex = 0
        while i < chars.count {
            let c = chars[i]
            if c == "{" {
                if i + 1 < chars.count, chars[i + 1] == "{" {
                    out += "{"
                    i += 2
                    continue
                }
                guard let close = chars[(i + 1)...].firstIndex(of: "}") else {
                    throw .runtime("Single '{' encountered in format string", location)
                }
                let field = PythonString.make(chars[(i + 1)..<close])
                out += try replacement(field, args, &autoIndex, limit, location)
                // `{0}{0}{0}…` repeats one argument as often as the format says.
                try Limits.checkResult(out.utf8.count, limit: limit, location)
                i = close + 1
            } else if c == "}" {
                guard i + 1 < chars.count, chars[i + 1] == "}" else {
                    throw .runtime("Single '}' encountered in format string", location)
                }
                out += "}"
                i += 2
            } else {
                out.unicodeScalars.append(c)
                i += 1
            }
        }
        return out
    }

    private static func replacement(
        _ field: String, _ args: CallArguments, _ autoIndex: inout Int, _ limit: Int, _ location: SourceLocation?
    ) throws(TemplateError) -> String
    {
        var name = field
        var spec = ""
        var conversion: Character?
        if let colon = name.firstIndex(of: ":") {
            spec = String(name[name.index(after: colon)...])
            name = String(name[..<colon])
        }
        if let bang = name.firstIndex(of: "!") {
            conversion = name[name.index(after: bang)...].first
            name = String(name[..<bang])
        }
        let value: Value
        if name.isEmpty {
            guard autoIndex < args.positional.count else {
                throw .runtime("Replacement index \(autoIndex) out of range for positional args tuple", location)
            }
            value = args.positional[autoIndex]
            autoIndex += 1
        } else if let index = Int(name) {
            guard index >= 0, index < args.positional.count else {
                throw .runtime("Replacement index \(index) out of range for positional args tuple", location)
            }
            value = args.positional[index]
        } else if let found = args.keyword[name] {
            value = found
        } else {
            throw .runtime("KeyError: \(Value.reprString(name))", location)
        }
        var text: String
        switch conversion {
        case "r"?, "a"?: text = value.pythonRepr(limit: limit)
        default: text = value.pythonString(limit: limit)
        }
        if spec.isEmpty { return text }
        return try applySpec(spec, conversion == nil ? value : .string(text), location)
    }

    private static func applySpec(_ spec: String, _ value: Value, _ location: SourceLocation?) throws(TemplateError)
        -> String
    {
        var chars = Array(spec.unicodeScalars)
        var fill: Unicode.Scalar = " "
        var align: Unicode.Scalar?
        if chars.count >= 2, "<>^=".unicodeScalars.contains(chars[1]) {
            fill = chars[0]
            align = chars[1]
            chars.removeFirst(2)
        } else if let first = chars.first, "<>^=".unicodeScalars.contains(first) {
            align = first
            chars.removeFirst()
        }
        var sign = ""
        if let first = chars.first, "+- ".unicodeScalars.contains(first) {
            sign = first == "-" ? "" : String(first)
            chars.removeFirst()
        }
        if chars.first == "0" {
            if align == nil {
                fill = "0"
                align = "="
            }
            chars.removeFirst()
        }
        var widthText = ""
        while let first = chars.first, first.isASCII, first.properties.numericType == .decimal {
            widthText.unicodeScalars.append(first)
            chars.removeFirst()
        }
        var precision: Int?
        if chars.first == "." {
            chars.removeFirst()
            var digits = ""
            while let first = chars.first, first.isASCII, first.properties.numericType == .decimal {
                digits.unicodeScalars.append(first)
                chars.removeFirst()
            }
            precision = Int(digits)
        }
        let type = chars.first
        let number = Operators.number(value)
        var body: String
        switch (type, number) {
        case (nil, nil), ("s"?, _):
            body = value.pythonString
            if let precision { body = PythonString.make(body.unicodeScalars.prefix(precision)) }
        case ("d"?, .int(let i)?), (nil, .int(let i)?):
            body = (i < 0 ? "-" : sign) + String(i.magnitude)
        case ("x"?, .int(let i)?), ("X"?, .int(let i)?), ("o"?, .int(let i)?), ("b"?, .int(let i)?):
            let radix = type == "o" ? 8 : (type == "b" ? 2 : 16)
            body = (i < 0 ? "-" : sign) + String(i.magnitude, radix: radix, uppercase: type == "X")
        case (let t?, let n?) where "fFeEgG%".unicodeScalars.contains(t):
            var d = n.asDouble
            var conversion = String(t)
            var suffix = ""
            if t == "%" {
                d *= 100
                conversion = "f"
                suffix = "%"
            }
            body = String(format: "%" + sign + "." + String(precision ?? 6) + conversion, d) + suffix
        case (nil, .double(let d)?):
            body = precision.map { String(format: "%" + sign + ".\($0)g", d) } ?? ((d < 0 || sign.isEmpty ? "" : sign) + PythonFloat.repr(d))
        default:
            throw .runtime("Unknown format code '\(type.map(String.init) ?? "")' for object of type '\(value.pythonTypeName)'", location)
        }
        guard let width = Int(widthText), PythonString.length(body) < width else { return body }
        try Limits.checkWidth(width, location)
        let missing = width - PythonString.length(body)
        let pad = { (n: Int) in String(repeating: String(fill), count: n) }
        switch align ?? (number != nil && type != "s" ? ">" : "<") {
        case "<": return body + pad(missing)
        case "^": return pad(missing / 2) + body + pad(missing - missing / 2)
        case "=":
            if let first = body.unicodeScalars.first, "+- ".unicodeScalars.contains(first) {
                return String(first) + pad(missing) + String(body.unicodeScalars.dropFirst())
            }
            return pad(missing) + body
        default: return pad(missing) + body
        }
    }
}
