/// The Python methods templates call on strings, lists, tuples and dicts (`.strip()`, `.split()`, `.items()` …).
///
/// Methods that would mutate their receiver exist (so `x.append` resolves, as in Python) but calling them is a
/// security error, as in jinja2's `ImmutableSandboxedEnvironment` that Hugging Face uses.
enum Methods {
    static let stringMethods: Set<String> = [
        "strip", "lstrip", "rstrip", "split", "rsplit", "splitlines", "startswith", "endswith", "upper", "lower",
        "title", "capitalize", "swapcase", "casefold", "replace", "find", "rfind", "index", "rindex", "count",
        "join", "isdigit", "isalpha", "isalnum", "isspace", "isupper", "islower", "isnumeric", "isdecimal",
        "istitle", "zfill", "center", "ljust", "rjust", "partition", "rpartition", "removeprefix", "removesuffix",
        "format",
    ]
    static let listMethods: Set<String> = ["index", "count", "copy"]
    static let listUnsafe: Set<String> = ["append", "extend", "insert", "pop", "remove", "reverse", "sort", "clear"]
    static let dictMethods: Set<String> = ["items", "keys", "values", "get", "copy"]
    static let dictUnsafe: Set<String> = ["update", "pop", "popitem", "setdefault", "clear"]

    /// The bound method `value.name`, or nil when the type has no such method.
    static func attribute(of value: Value, _ name: String) -> Value? {
        switch value {
        case .string:
            if stringMethods.contains(name) { return .special(.method(value, name)) }
        case .array:
            if listMethods.contains(name) { return .special(.method(value, name)) }
            if listUnsafe.contains(name) { return .special(.unsafeMethod(typeName: "list", name: name)) }
        case .object:
            if dictMethods.contains(name) { return .special(.method(value, name)) }
            if dictUnsafe.contains(name) { return .special(.unsafeMethod(typeName: "dict", name: name)) }
        case .special(let s):
            if case .tuple = s.kind, name == "index" || name == "count" { return .special(.method(value, name)) }
        default: break
        }
        return nil
    }

    /// Calls method `name` of `receiver`; a string it builds may be at most `limit` bytes long.
    static func call(_ receiver: Value, _ name: String, _ args: CallArguments, limit: Int, at location: SourceLocation?)
        throws(TemplateError) -> Value
    {
        switch receiver {
        case .string(let s): return try callString(s, name, args, limit, location)
        case .array(let items): return try callSequence(items, name, args, location, typeName: "list")
        case .special(let sp):
            if case .tuple(let items) = sp.kind { return try callSequence(items, name, args, location, typeName: "tuple") }
        case .object(let dict): return try callDict(dict, name, args, location)
        default: break
        }
        throw .runtime("'\(receiver.pythonTypeName)' object has no method '\(name)'", location)
    }

    // MARK: - str

    private static func optionalString(_ v: Value?, _ what: String, _ location: SourceLocation?) throws(TemplateError)
        -> String?
    {
        switch v {
        case nil, .none?: return nil
        case .string(let s)?: return s
        case .some(let other):
            throw .runtime("\(what) arg must be None or str, not \(other.pythonTypeName)", location)
        }
    }

    private static func requireString(_ v: Value?, _ what: String, _ location: SourceLocation?) throws(TemplateError)
        -> String
    {
        guard case .string(let s)? = v else {
            throw .runtime("\(what)() argument must be str, not \(v?.pythonTypeName ?? "nothing")", location)
        }
        return s
    }

    private static func optionalInt(_ v: Value?, _ location: SourceLocation?) throws(TemplateError) -> Int? {
        switch v {
        case nil, .none?: return nil
        case .int(let i)?: return i
        case .bool(let b)?: return b ? 1 : 0
        case .some(let other):
            throw .runtime("'\(other.pythonTypeName)' object cannot be interpreted as an integer", location)
        }
    }

    /// Python's `str[start:end]` for the optional start/end arguments of find/count/startswith.
    private static func window(_ s: String, _ start: Int?, _ end: Int?) -> (String, Int) {
        let scalars = PythonString.scalars(s)
        let n = scalars.count
        func clamp(_ v: Int) -> Int { v < 0 ? max(v + n, 0) : min(v, n) }
        let lo = start.map(clamp) ?? 0
        let hi = end.map(clamp) ?? n
        if lo >= hi { return ("", lo) }
        return (PythonString.make(scalars[lo..<hi]), lo)
    }

    /// The code point index of `sub` in `s` (searching from the end when `last`).
    private static func findIndex(_ s: String, _ sub: String, last: Bool) -> Int? {
        let hay = Array(s.utf8)
        let needle = Array(sub.utf8)
        guard let byteOffset = last ? PythonString.findLast(hay, needle) : PythonString.find(hay, needle) else {
            return nil
        }
        return PythonString.length(PythonString.make(utf8: hay[0..<byteOffset]))
    }

    private static func callString(
        _ s: String, _ name: String, _ args: CallArguments, _ limit: Int, _ location: SourceLocation?
    ) throws(TemplateError) -> Value {
        func bind(_ parameters: [String]) throws(TemplateError) -> [Value?] {
            try args.bind(parameters, function: name, at: location)
        }
        switch name {
        case "strip", "lstrip", "rstrip":
            let a = try bind(["chars"])
            let chars = try optionalString(a[0], name, location)
            return .string(PythonString.strip(s, chars: chars, left: name != "rstrip", right: name != "lstrip"))
        case "split", "rsplit":
            let a = try bind(["sep", "maxsplit"])
            let sep = try optionalString(a[0], name, location)
            if sep == "" { throw .runtime("empty separator", location) }
            let maxSplit = try optionalInt(a[1], location) ?? -1
            let parts = name == "split"
                ? PythonString.split(s, separator: sep, maxSplit: maxSplit)
                : PythonString.rsplit(s, separator: sep, maxSplit: maxSplit)
            return .array(parts.map(Value.string))
        case "splitlines":
            let a = try bind(["keepends"])
            return .array(PythonString.splitLines(s, keepEnds: a[0]?.isTruthy ?? false).map(Value.string))
        case "startswith", "endswith":
            let a = try bind(["prefix", "start", "end"])
            let (text, _) = window(s, try optionalInt(a[1], location), try optionalInt(a[2], location))
            var candidates: [String] = []
            if case .string(let p)? = a[0] {
                candidates = [p]
            } else if case .special(let sp)? = a[0], case .tuple(let items) = sp.kind {
                for item in items {
                    guard case .string(let p) = item else {
                        throw .runtime("tuple for \(name) must only contain str, not \(item.pythonTypeName)", location)
                    }
                    candidates.append(p)
                }
            } else {
                let got = a[0]?.pythonTypeName ?? "nothing"
                throw .runtime("\(name) first arg must be str or a tuple of str, not \(got)", location)
            }
            let test = name == "startswith" ? PythonString.hasPrefix : PythonString.hasSuffix
            return .bool(candidates.contains { test(text, $0) })
        case "upper": _ = try bind([]); return .string(PythonString.upper(s))
        case "lower", "casefold": _ = try bind([]); return .string(PythonString.lower(s))
        case "title": _ = try bind([]); return .string(PythonString.title(s))
        case "capitalize": _ = try bind([]); return .string(PythonString.capitalize(s))
        case "swapcase":
            _ = try bind([])
            var out = ""
            for c in s.unicodeScalars {
                if c.properties.isUppercase {
                    out += c.properties.lowercaseMapping
                } else if c.properties.isLowercase {
                    out += c.properties.uppercaseMapping
                } else {
                    out.unicodeScalars.append(c)
                }
            }
            return .string(out)
        case "replace":
            let a = try bind(["old", "new", "count"])
            let old = try requireString(a[0], name, location)
            let new = try requireString(a[1], name, location)
            let count = try optionalInt(a[2], location) ?? -1
            return .string(try PythonString.replace(s, old, new, count: count, limit: limit, at: location))
        case "find", "rfind", "index", "rindex":
            let a = try bind(["sub", "start", "end"])
            let sub = try requireString(a[0], name, location)
            let (text, offset) = window(s, try optionalInt(a[1], location), try optionalInt(a[2], location))
            if let i = findIndex(text, sub, last: name.hasPrefix("r")) { return .int(i + offset) }
            if name.hasSuffix("index") { throw .runtime("substring not found", location) }
            return .int(-1)
        case "count":
            let a = try bind(["sub", "start", "end"])
            let sub = try requireString(a[0], name, location)
            let (text, _) = window(s, try optionalInt(a[1], location), try optionalInt(a[2], location))
            return .int(PythonString.count(text, sub))
        case "join":
            let a = try bind(["iterable"])
            guard let iterable = a[0] else { throw .runtime("join() takes exactly one argument", location) }
            var parts: [String] = []
            for (i, item) in try iterateForMethod(iterable, location).enumerated() {
                guard case .string(let p) = item else {
                    throw .runtime("sequence item \(i): expected str instance, \(item.pythonTypeName) found", location)
                }
                parts.append(p)
            }
            return .string(try PythonString.join(parts, separator: s, limit: limit, at: location))
        case "isdigit", "isdecimal", "isnumeric":
            _ = try bind([])
            return .bool(!s.isEmpty && s.unicodeScalars.allSatisfy { $0.properties.numericType != nil })
        case "isalpha":
            _ = try bind([])
            return .bool(!s.isEmpty && s.unicodeScalars.allSatisfy { $0.properties.isAlphabetic })
        case "isalnum":
            _ = try bind([])
            return .bool(!s.isEmpty && s.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || $0.properties.numericType != nil })
        case "isspace":
            _ = try bind([])
            return .bool(!s.isEmpty && s.unicodeScalars.allSatisfy(PythonCharacters.isSpace))
        case "isupper", "islower":
            _ = try bind([])
            return .bool(Tests.caseTest(s, upper: name == "isupper"))
        case "istitle":
            _ = try bind([])
            return .bool(!s.isEmpty && PythonString.title(s) == s && s.unicodeScalars.contains { $0.properties.isUppercase })
        case "zfill":
            let a = try bind(["width"])
            let width = try optionalInt(a[0], location) ?? 0
            try Limits.checkWidth(width, location)
            let n = PythonString.length(s)
            guard width > n else { return .string(s) }
            var body = s
            var sign = ""
            if let first = body.unicodeScalars.first, first == "+" || first == "-" {
                sign = String(first)
                body = String(body.unicodeScalars.dropFirst())
            }
            return .string(sign + String(repeating: "0", count: width - n) + body)
        case "center", "ljust", "rjust":
            let a = try bind(["width", "fillchar"])
            let width = try optionalInt(a[0], location) ?? 0
            try Limits.checkWidth(width, location)
            var fill: Unicode.Scalar = " "
            if let f = try optionalString(a[1], name, location) {
                guard f.unicodeScalars.count == 1, let c = f.unicodeScalars.first else {
                    throw .runtime("The fill character must be exactly one character long", location)
                }
                fill = c
            }
            let n = PythonString.length(s)
            guard width > n else { return .string(s) }
            let pad = String(repeating: String(fill), count: width - n)
            switch name {
            case "ljust": return .string(s + pad)
            case "rjust": return .string(pad + s)
            default: return .string(PythonString.center(s, width: width, fill: fill))
            }
        case "partition", "rpartition":
            let a = try bind(["sep"])
            let sep = try requireString(a[0], name, location)
            if sep.isEmpty { throw .runtime("empty separator", location) }
            let parts = name == "partition"
                ? PythonString.split(s, separator: sep, maxSplit: 1)
                : PythonString.rsplit(s, separator: sep, maxSplit: 1)
            if parts.count == 2 { return .tuple([.string(parts[0]), .string(sep), .string(parts[1])]) }
            return name == "partition" ? .tuple([.string(s), "", ""]) : .tuple(["", "", .string(s)])
        case "removeprefix", "removesuffix":
            let a = try bind(["affix"])
            let affix = try requireString(a[0], name, location)
            if affix.isEmpty { return .string(s) }
            let scalars = PythonString.scalars(s)
            let k = PythonString.length(affix)
            if name == "removeprefix", PythonString.hasPrefix(s, affix) { return .string(PythonString.make(scalars[k...])) }
            if name == "removesuffix", PythonString.hasSuffix(s, affix) {
                return .string(PythonString.make(scalars[..<(scalars.count - k)]))
            }
            return .string(s)
        case "format":
            return .string(try BraceFormat.format(s, args, limit: limit, at: location))
        default:
            throw .runtime("'str' object has no method '\(name)'", location)
        }
    }

    private static func iterateForMethod(_ v: Value, _ location: SourceLocation?) throws(TemplateError) -> [Value] {
        switch v {
        case .array(let items): return items
        case .string(let s): return s.unicodeScalars.map { .string(String($0)) }
        case .object(let d): return d.keys.map(Value.string)
        case .special(let sp):
            switch sp.kind {
            case .tuple(let items), .iterator(let items, _): return items
            default: break
            }
        case .undefined: return []
        default: break
        }
        throw .runtime("can only join an iterable", location)
    }

    // MARK: - list / tuple / dict

    private static func callSequence(
        _ items: [Value], _ name: String, _ args: CallArguments, _ location: SourceLocation?, typeName: String
    ) throws(TemplateError) -> Value {
        switch name {
        case "index":
            let a = try args.bind(["value", "start", "end"], function: name, at: location)
            guard let target = a[0] else { throw .runtime("index expected at least 1 argument, got 0", location) }
            let start = max(0, try optionalInt(a[1], location) ?? 0)
            let end = min(items.count, try optionalInt(a[2], location) ?? items.count)
            if start < end {
                for i in start..<end where Operators.equal(items[i], target) { return .int(i) }
            }
            throw .runtime(typeName == "list" ? "\(target.pythonRepr) is not in list" : "tuple.index(x): x not in tuple", location)
        case "count":
            let a = try args.bind(["value"], function: name, at: location)
            guard let target = a[0] else { throw .runtime("count() takes exactly one argument (0 given)", location) }
            return .int(items.filter { Operators.equal($0, target) }.count)
        case "copy":
            _ = try args.bind([], function: name, at: location)
            return .array(items)
        default:
            throw .runtime("'\(typeName)' object has no method '\(name)'", location)
        }
    }

    private static func callDict(_ dict: ValueDictionary, _ name: String, _ args: CallArguments, _ location: SourceLocation?)
        throws(TemplateError) -> Value
    {
        switch name {
        case "items":
            _ = try args.bind([], function: name, at: location)
            return .special(.iterator(dict.map { .tuple([.string($0.key), $0.value]) }, .dictView("dict_items")))
        case "keys":
            _ = try args.bind([], function: name, at: location)
            return .special(.iterator(dict.keys.map(Value.string), .dictView("dict_keys")))
        case "values":
            _ = try args.bind([], function: name, at: location)
            return .special(.iterator(dict.values, .dictView("dict_values")))
        case "get":
            let a = try args.bind(["key", "default"], function: name, at: location)
            guard let key = a[0] else { throw .runtime("get expected at least 1 argument, got 0", location) }
            if case .string(let k) = key, let found = dict[k] { return found }
            return a[1] ?? .none
        case "copy":
            _ = try args.bind([], function: name, at: location)
            return .object(dict)
        default:
            throw .runtime("'dict' object has no method '\(name)'", location)
        }
    }
}
