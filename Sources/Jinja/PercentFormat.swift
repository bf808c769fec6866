import Foundation

/// Python's printf-style string formatting (`"%s and %d" % (a, b)`, also the `format` filter).
enum PercentFormat {
    /// `template % argument`; the result may be at most `limit` bytes long.
    static func format(_ template: String, _ argument: Value, limit: Int, at location: SourceLocation?)
        throws(TemplateError) -> String
    {
        var positional: [Value]
        var mapping: ValueDictionary?
        switch argument {
        case .special(let s):
            if case .tuple(let items) = s.kind { positional = items } else { positional = [argument] }
        case .object(let dict):
            mapping = dict
            positional = [argument]
        default:
            positional = [argument]
        }
        let isTuple: Bool = {
            if case .special(let s) = argument, case .tuple = s.kind { return true }
            return false
        }()
        var next = 0
        var usedMapping = false
        func take() throws(TemplateError) -> Value {
            guard next < positional.count else { throw .runtime("not enough arguments for format string", location) }
            defer { next += 1 }
            return positional[next]
        }
        let chars = Array(template.unicodeScalars)
        var out = String.UnicodeScalarView()
        var converted = 0
        var i = 0
        while i < chars.count {
            let c = chars[i]
            guard c == "%" else {
                out.append(c)
                i += 1
                continue
            }
            i += 1
            guard i < chars.count else { throw .runtime("incomplete format", location) }
            var value: Value?
            if chars[i] == "(" {
                guard let dict = mapping else { throw .runtime("format requires a mapping", location) }
                var j = i + 1
                var depth = 1
                while j < chars.count {
                    if chars[j] == "(" { depth += 1 }
                    if chars[j] == ")" {
                        depth -= 1
                        if depth == 0 { break }
                    }
                    j += 1
                }
                guard j < chars.count else { throw .runtime("incomplete format key", location) }
                let key = PythonString.make(chars[(i + 1)..<j])
                guard let v = dict[key] else { throw .runtime("KeyError: \(Value.reprString(key))", location) }
                value = v
                usedMapping = true
                i = j + 1
            }
            var flags = ""
            while i < chars.count, "-+ #0".unicodeScalars.contains(chars[i]) {
                flags.unicodeScalars.append(chars[i])
                i += 1
            }
            var width: Int?
            if i < chars.count, chars[i] == "*" {
                guard case .int(let w) = try take() else { throw .runtime("* wants int", location) }
                width = w
                i += 1
            } else {
                var digits = ""
                while i < chars.count, chars[i].properties.numericType == .decimal, chars[i].isASCII {
                    digits.unicodeScalars.append(chars[i])
                    i += 1
                }
                if !digits.isEmpty { width = Int(digits) }
            }
            var precision: Int?
            if i < chars.count, chars[i] == "." {
                i += 1
                if i < chars.count, chars[i] == "*" {
                    guard case .int(let p) = try take() else { throw .runtime("* wants int", location) }
                    precision = p
                    i += 1
                } else {
                    var digits = ""
                    while i < chars.count, chars[i].isASCII, chars[i].properties.numericType == .decimal {
                        digits.unicodeScalars.append(chars[i])
                        i += 1
                    }
                    precision = Int(digits) ?? 0
                }
            }
            while i < chars.count, "hlL".unicodeScalars.contains(chars[i]) { i += 1 }
            guard i < chars.count else { throw .runtime("incomplete format", location) }
            let conversion = chars[i]
            i += 1
            if conversion == "%" {
                out.append("%")
                continue
            }
            let v: Value
            if let value { v = value } else { v = try take() }
            if let width { try Limits.checkWidth(width, location) }
            if let precision { try Limits.checkWidth(precision, location) }
            let text = pad(
                try convert(conversion, v, flags: flags, precision: precision, limit: limit, location), width: width,
                flags: flags, numeric: "diouxXeEfFgG".unicodeScalars.contains(conversion))
            // `%(a)s%(a)s…` repeats one argument as often as the format says.
            converted += text.utf8.count
            try Limits.checkResult(converted, limit: limit, location)
            out.append(contentsOf: text.unicodeScalars)
        }
        if isTuple ? next < positional.count : (mapping == nil && next == 0 && !usedMapping) {
            throw .runtime("not all arguments converted during string formatting", location)
        }
        return String(out)
    }

    private static func pad(_ text: String, width: Int?, flags: String, numeric: Bool) -> String {
        guard let width, PythonString.length(text) < width else { return text }
        let missing = width - PythonString.length(text)
        if flags.contains("-") { return text + String(repeating: " ", count: missing) }
        if numeric && flags.contains("0") {
            var body = text
            var sign = ""
            if let first = body.first, "+- ".contains(first) {
                sign = String(first)
                body.removeFirst()
            }
            return sign + String(repeating: "0", count: missing) + body
        }
        return String(repeating: " ", count: missing) + text
    }

    private static func convert(
        _ conversion: Unicode.Scalar, _ v: Value, flags: String, precision: Int?, limit: Int,
        _ location: SourceLocation?
    ) throws(TemplateError) -> String {
        let sign = flags.contains("+") ? "+" : (flags.contains(" ") ? " " : "")
        switch conversion {
        case "s":
            let s = v.pythonString(limit: limit)
            if let precision { return PythonString.make(s.unicodeScalars.prefix(precision)) }
            return s
        case "r", "a":
            let s = v.pythonRepr(limit: limit)
            if let precision { return PythonString.make(s.unicodeScalars.prefix(precision)) }
            return s
        case "d", "i", "u":
            let n: Int
            switch Operators.number(v) {
            case .int(let i): n = i
            case .double(let d):
                guard d.isFinite, abs(d) < 9.2e18 else { throw .runtime("cannot convert float to integer", location) }
                n = Int(d.rounded(.towardZero))
            case nil:
                throw .runtime("%\(conversion) format: a real number is required, not \(v.pythonTypeName)", location)
            }
            var digits = String(n.magnitude)
            if let precision, digits.count < precision {
                digits = String(repeating: "0", count: precision - digits.count) + digits
            }
            return (n < 0 ? "-" : sign) + digits
        case "x", "X", "o":
            guard case .int(let n) = Operators.number(v) else {
                throw .runtime("%\(conversion) format: an integer is required, not \(v.pythonTypeName)", location)
            }
            var digits = String(n.magnitude, radix: conversion == "o" ? 8 : 16, uppercase: conversion == "X")
            if let precision, digits.count < precision {
                digits = String(repeating: "0", count: precision - digits.count) + digits
            }
            if flags.contains("#") { digits = (conversion == "o" ? "0o" : (conversion == "X" ? "0X" : "0x")) + digits }
            return (n < 0 ? "-" : sign) + digits
        case "e", "E", "f", "F", "g", "G":
            guard let n = Operators.number(v) else {
                throw .runtime("must be real number, not \(v.pythonTypeName)", location)
            }
            let d = n.asDouble
            if !d.isFinite {
                let text = d.isNaN ? "nan" : (d < 0 ? "-inf" : "inf")
                let cased = "EFG".unicodeScalars.contains(conversion) ? text.uppercased() : text
                return (d < 0 || d.isNaN ? "" : sign) + cased
            }
            let alt = flags.contains("#") ? "#" : ""
            let spec = "%" + alt + sign + "." + String(precision ?? 6) + String(conversion)
            return String(format: spec, d)
        case "c":
            switch v {
            case .int(let i):
                guard let s = Unicode.Scalar(UInt32(clamping: max(0, i))) else {
                    throw .runtime("%c arg not in range(0x110000)", location)
                }
                return String(s)
            case .string(let s) where PythonString.length(s) == 1: return s
            default: throw .runtime("%c requires int or char", location)
            }
        default:
            throw .runtime("unsupported format character '\(conversion)'", location)
        }
    }
}
