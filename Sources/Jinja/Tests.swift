/// The `is` tests (`defined`, `none`, `string`, `mapping`, `iterable`, `equalto` …), with jinja2's semantics.
enum Tests {
    /// Every test jinja2 ships; a template naming another test fails to parse.
    static let knownNames: Set<String> = [
        "boolean", "callable", "defined", "divisibleby", "eq", "equalto", "escaped", "even", "false", "filter",
        "float", "ge", "gt", "greaterthan", "in", "integer", "iterable", "le", "lessthan", "lower", "lt", "mapping",
        "ne", "none", "number", "odd", "sameas", "sequence", "string", "test", "true", "undefined", "upper", "==",
        "!=", ">", ">=", "<", "<=",
    ]

    /// Python's `islower()` / `isupper()`: at least one cased character, and all cased characters in that case.
    static func caseTest(_ s: String, upper: Bool) -> Bool {
        var sawCased = false
        for c in s.unicodeScalars {
            let p = c.properties
            if p.isUppercase || p.isLowercase || p.generalCategory == .titlecaseLetter {
                sawCased = true
                if upper ? !p.isUppercase : !p.isLowercase { return false }
            }
        }
        return sawCased
    }
}

extension Interpreter {
    func runTest(_ name: String, _ value: Value, _ args: CallArguments, at location: SourceLocation?)
        throws(TemplateError) -> Bool
    {
        func argument() throws(TemplateError) -> Value {
            let a = try args.bind(["other"], function: name, at: location)
            guard let other = a[0] else { throw .runtime("test '\(name)' needs an argument", location) }
            return other
        }
        func noArguments() throws(TemplateError) { _ = try args.bind([], function: name, at: location) }
        switch name {
        case "defined":
            try noArguments()
            return !value.isUndefined
        case "undefined":
            try noArguments()
            return value.isUndefined
        case "none":
            try noArguments()
            return value.isNone
        case "boolean":
            try noArguments()
            if case .bool = value { return true }
            return false
        case "true", "false":
            try noArguments()
            if case .bool(let b) = value { return b == (name == "true") }
            return false
        case "integer":
            try noArguments()
            if case .int = value { return true }
            return false
        case "float":
            try noArguments()
            if case .double = value { return true }
            return false
        case "number":
            try noArguments()
            return Operators.number(value) != nil
        case "string":
            try noArguments()
            if case .string = value { return true }
            return false
        case "mapping":
            try noArguments()
            if case .object = value { return true }
            return false
        case "iterable":
            try noArguments()
            switch value {
            case .undefined, .string, .array, .object: return true
            case .special(let s):
                switch s.kind {
                case .tuple, .iterator, .namespace: return true
                default: return false
                }
            default: return false
            }
        case "sequence":
            try noArguments()
            switch value {
            case .undefined, .string, .array, .object: return true
            case .special(let s):
                if case .tuple = s.kind { return true }
                return false
            default: return false
            }
        case "callable":
            try noArguments()
            guard case .special(let s) = value else { return false }
            switch s.kind {
            case .macro, .builtin, .method, .unsafeMethod, .loop: return true
            default: return false
            }
        case "sameas":
            let other = try argument()
            switch (value, other) {
            case (.none, .none): return true
            case (.bool(let a), .bool(let b)): return a == b
            case (.special, .special): return Operators.equal(value, other)
            default: return false
            }
        case "escaped":
            try noArguments()
            return false
        case "odd", "even":
            try noArguments()
            let remainder = try Operators.binary(.modulo, value, .int(2), at: location)
            return Operators.equal(remainder, .int(name == "odd" ? 1 : 0))
        case "divisibleby":
            let other = try argument()
            return Operators.equal(try Operators.binary(.modulo, value, other, at: location), .int(0))
        case "lower", "upper":
            try noArguments()
            return Tests.caseTest(value.pythonString, upper: name == "upper")
        case "in":
            return try Operators.contains(try argument(), value, at: location)
        case "eq", "equalto", "==":
            return Operators.equal(value, try argument())
        case "ne", "!=":
            return !Operators.equal(value, try argument())
        case "lt", "lessthan", "<":
            return try Operators.ordered(.less, value, try argument(), at: location)
        case "le", "<=":
            return try Operators.ordered(.lessOrEqual, value, try argument(), at: location)
        case "gt", "greaterthan", ">":
            return try Operators.ordered(.greater, value, try argument(), at: location)
        case "ge", ">=":
            return try Operators.ordered(.greaterOrEqual, value, try argument(), at: location)
        case "filter":
            try noArguments()
            return Filters.knownNames.contains(value.pythonString)
        case "test":
            try noArguments()
            return Tests.knownNames.contains(value.pythonString)
        default:
            throw .runtime("no test named '\(name)'", location)
        }
    }
}
