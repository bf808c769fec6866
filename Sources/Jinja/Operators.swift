import Foundation

/// Python's operators on values: equality, ordering, membership and arithmetic, with Python's rules for mixing
/// `int`, `float` and `bool`, floor division and modulo signs, and its error messages.
enum Operators {
    /// A numeric view of a value (`bool` counts as `int`, as in Python).
    enum Number {
        case int(Int)
        case double(Double)

        var asDouble: Double {
            switch self {
            case .int(let i): return Double(i)
            case .double(let d): return d
            }
        }
    }

    static func number(_ v: Value) -> Number? {
        switch v {
        case .int(let i): return .int(i)
        case .bool(let b): return .int(b ? 1 : 0)
        case .double(let d): return .double(d)
        default: return nil
        }
    }

    static func undefinedError(_ v: Value, _ location: SourceLocation?) -> TemplateError {
        if case .undefined(let hint) = v { return .runtime(hint ?? "value is undefined", location) }
        return .runtime("value is undefined", location)
    }

    // MARK: - Equality and order

    /// Python's `a == b`.
    static func equal(_ a: Value, _ b: Value) -> Bool {
        if let x = number(a), let y = number(b) {
            switch (x, y) {
            case (.int(let i), .int(let j)): return i == j
            default: return x.asDouble == y.asDouble
            }
        }
        switch (a, b) {
        case (.undefined, .undefined), (.none, .none): return true
        case (.string(let x), .string(let y)): return PythonString.equal(x, y)
        case (.array(let x), .array(let y)): return sequencesEqual(x, y)
        case (.object(let x), .object(let y)):
            guard x.count == y.count else { return false }
            for (key, value) in x {
                guard let other = y[key], equal(value, other) else { return false }
            }
            return true
        case (.special(let x), .special(let y)):
            switch (x.kind, y.kind) {
            case (.tuple(let p), .tuple(let q)): return sequencesEqual(p, q)
            case (.namespace(let i), .namespace(let j)): return i == j
            case (.macro(let i, _), .macro(let j, _)): return i == j
            case (.builtin(let f), .builtin(let g)): return f == g
            case (.iterator(let p, .dictView(let n)), .iterator(let q, .dictView(let m))):
                return n == m && n != "dict_values" && sequencesEqual(p, q)
            default: return false
            }
        default: return false
        }
    }

    /// A hash that values ``equal(_:_:)`` calls equal share: numbers by their `Double` value, strings by their text,
    /// lists and tuples by their length and first few items, dicts by their size.
    static func equalityHash(_ v: Value) -> Int {
        var hasher = Hasher()
        combineEqualityHash(v, depth: 0, into: &hasher)
        return hasher.finalize()
    }

    private static func combineEqualityHash(_ v: Value, depth: Int, into hasher: inout Hasher) {
        func sequence(_ tag: Int, _ items: [Value]) {
            hasher.combine(tag)
            hasher.combine(items.count)
            guard depth < 2 else { return }
            for item in items.prefix(4) { combineEqualityHash(item, depth: depth + 1, into: &hasher) }
        }
        if let n = number(v) {
            let d = n.asDouble
            hasher.combine(1)
            if !d.isNaN { hasher.combine(d) }
            return
        }
        switch v {
        case .string(let s):
            hasher.combine(2)
            hasher.combine(s)
        case .array(let items):
            sequence(3, items)
        case .object(let dict):
            hasher.combine(4)
            hasher.combine(dict.count)
        case .special(let s):
            if case .tuple(let items) = s.kind { sequence(5, items) } else { hasher.combine(6) }
        default:
            hasher.combine(0)
        }
    }

    private static func sequencesEqual(_ x: [Value], _ y: [Value]) -> Bool {
        guard x.count == y.count else { return false }
        for (p, q) in zip(x, y) where !equal(p, q) { return false }
        return true
    }

    /// Python's `<`, `<=`, `>`, `>=`.
    static func ordered(_ op: ComparisonOperator, _ a: Value, _ b: Value, at location: SourceLocation?)
        throws(TemplateError) -> Bool
    {
        if a.isUndefined { throw undefinedError(a, location) }
        if b.isUndefined { throw undefinedError(b, location) }
        func result(_ less: Bool, _ equal: Bool) -> Bool {
            switch op {
            case .less: return less
            case .lessOrEqual: return less || equal
            case .greater: return !less && !equal
            default: return !less
            }
        }
        if let x = number(a), let y = number(b) {
            switch (x, y) {
            case (.int(let i), .int(let j)): return result(i < j, i == j)
            default:
                let (p, q) = (x.asDouble, y.asDouble)
                if p.isNaN || q.isNaN { return false }
                return result(p < q, p == q)
            }
        }
        switch (a, b) {
        case (.string(let x), .string(let y)):
            return result(PythonString.less(x, y), PythonString.equal(x, y))
        case (.array(let x), .array(let y)):
            return try orderedSequences(op, x, y, location)
        case (.special(let p), .special(let q)):
            if case .tuple(let x) = p.kind, case .tuple(let y) = q.kind {
                return try orderedSequences(op, x, y, location)
            }
        default: break
        }
        throw .runtime(
            "'\(op.rawValue)' not supported between instances of '\(a.pythonTypeName)' and '\(b.pythonTypeName)'",
            location)
    }

    private static func orderedSequences(
        _ op: ComparisonOperator, _ x: [Value], _ y: [Value], _ location: SourceLocation?
    ) throws(TemplateError) -> Bool {
        for (p, q) in zip(x, y) where !equal(p, q) {
            return try ordered(op, p, q, at: location)
        }
        return try ordered(op, .int(x.count), .int(y.count), at: location)
    }

    /// Python's `item in container`.
    static func contains(_ container: Value, _ item: Value, at location: SourceLocation?) throws(TemplateError)
        -> Bool
    {
        switch container {
        case .undefined: return false
        case .string(let s):
            guard case .string(let sub) = item else {
                if item.isUndefined { throw undefinedError(item, location) }
                throw .runtime("'in <string>' requires string as left operand, not \(item.pythonTypeName)", location)
            }
            return PythonString.contains(s, sub)
        case .array(let items): return items.contains { equal($0, item) }
        case .object(let dict):
            if case .string(let key) = item { return dict.contains(key) }
            return false
        case .special(let s):
            switch s.kind {
            case .tuple(let items), .iterator(let items, _): return items.contains { equal($0, item) }
            default: break
            }
        default: break
        }
        throw .runtime("argument of type '\(container.pythonTypeName)' is not iterable", location)
    }

    /// Evaluates one comparison.
    static func compare(_ op: ComparisonOperator, _ a: Value, _ b: Value, at location: SourceLocation?)
        throws(TemplateError) -> Bool
    {
        switch op {
        case .equal: return equal(a, b)
        case .notEqual: return !equal(a, b)
        case .in: return try contains(b, a, at: location)
        case .notIn: return try !contains(b, a, at: location)
        default: return try ordered(op, a, b, at: location)
        }
    }

    // MARK: - Arithmetic

    private static func overflow(_ location: SourceLocation?) -> TemplateError {
        .runtime("integer overflow (Python would use a big integer here)", location)
    }

    private static func unsupported(_ op: BinaryOperator, _ a: Value, _ b: Value, _ location: SourceLocation?)
        -> TemplateError
    {
        .runtime(
            "unsupported operand type(s) for \(op.rawValue): '\(a.pythonTypeName)' and '\(b.pythonTypeName)'",
            location)
    }

    /// Python's binary arithmetic; `%` with a string on the left is printf-style formatting.
    /// `a op b`; a string or list result may be at most `limit` bytes or items long.
    static func binary(
        _ op: BinaryOperator, _ a: Value, _ b: Value, limit: Int = Limits.maxResultLength, at location: SourceLocation?
    ) throws(TemplateError) -> Value {
        if a.isUndefined { throw undefinedError(a, location) }
        if b.isUndefined { throw undefinedError(b, location) }
        if let x = number(a), let y = number(b) { return try arithmetic(op, x, y, location) }
        switch (op, a, b) {
        case (.add, .string(let x), .string(let y)):
            try Limits.checkResult(x.utf8.count + y.utf8.count, limit: limit, location)
            return .string(x + y)
        case (.add, .array(let x), .array(let y)):
            try Limits.checkResult(x.count + y.count, limit: limit, location)
            return .array(x + y)
        case (.add, .special(let p), .special(let q)):
            if case .tuple(let x) = p.kind, case .tuple(let y) = q.kind {
                try Limits.checkResult(x.count + y.count, limit: limit, location)
                return .tuple(x + y)
            }
        case (.add, .string, _):
            throw .runtime("can only concatenate str (not \"\(b.pythonTypeName)\") to str", location)
        case (.add, .array, _):
            throw .runtime("can only concatenate list (not \"\(b.pythonTypeName)\") to list", location)
        case (.multiply, .string(let s), _), (.multiply, _, .string(let s)):
            guard let n = repeatCount(a, b) else { break }
            try checkRepeat(n, s.utf8.count, limit, location)
            return .string(n > 0 ? String(repeating: s, count: n) : "")
        case (.multiply, .array(let items), _), (.multiply, _, .array(let items)):
            guard let n = repeatCount(a, b) else { break }
            try checkRepeat(n, items.count, limit, location)
            return .array(n > 0 ? Array([[Value]](repeating: items, count: n).joined()) : [])
        case (.modulo, .string(let format), _):
            return .string(try PercentFormat.format(format, b, limit: limit, at: location))
        default: break
        }
        throw unsupported(op, a, b, location)
    }

    private static func checkRepeat(_ n: Int, _ size: Int, _ limit: Int, _ location: SourceLocation?)
        throws(TemplateError)
    {
        guard n > 0, size > 0 else { return }
        if n > limit / size {
            throw .runtime("repetition result is too large (limit \(limit))", location)
        }
    }

    private static func repeatCount(_ a: Value, _ b: Value) -> Int? {
        switch (a, b) {
        case (.int(let n), _), (_, .int(let n)): return n
        case (.bool(let f), _), (_, .bool(let f)): return f ? 1 : 0
        default: return nil
        }
    }

    private static func arithmetic(_ op: BinaryOperator, _ x: Number, _ y: Number, _ location: SourceLocation?)
        throws(TemplateError) -> Value
    {
        if case .int(let i) = x, case .int(let j) = y {
            switch op {
            case .add:
                let (r, o) = i.addingReportingOverflow(j)
                if o { throw overflow(location) }
                return .int(r)
            case .subtract:
                let (r, o) = i.subtractingReportingOverflow(j)
                if o { throw overflow(location) }
                return .int(r)
            case .multiply:
                let (r, o) = i.multipliedReportingOverflow(by: j)
                if o { throw overflow(location) }
                return .int(r)
            case .divide:
                if j == 0 { throw .runtime("division by zero", location) }
                return .double(Double(i) / Double(j))
            case .floorDivide:
                if j == 0 { throw .runtime("integer division or modulo by zero", location) }
                let (q, o) = i.dividedReportingOverflow(by: j)
                if o { throw overflow(location) }
                return .int((i % j != 0 && (i < 0) != (j < 0)) ? q - 1 : q)
            case .modulo:
                if j == 0 { throw .runtime("integer modulo by zero", location) }
                let r = i.remainderReportingOverflow(dividingBy: j).partialValue
                return .int((r != 0 && (r < 0) != (j < 0)) ? r + j : r)
            case .power:
                if j < 0 {
                    if i == 0 { throw .runtime("0.0 cannot be raised to a negative power", location) }
                    return .double(Foundation.pow(Double(i), Double(j)))
                }
                var result = 1
                var base = i
                var exponent = j
                while exponent > 0 {
                    if exponent & 1 == 1 {
                        let (r, o) = result.multipliedReportingOverflow(by: base)
                        if o { throw overflow(location) }
                        result = r
                    }
                    exponent >>= 1
                    if exponent > 0 {
                        let (b2, o) = base.multipliedReportingOverflow(by: base)
                        if o { throw overflow(location) }
                        base = b2
                    }
                }
                return .int(result)
            }
        }
        let (p, q) = (x.asDouble, y.asDouble)
        switch op {
        case .add: return .double(p + q)
        case .subtract: return .double(p - q)
        case .multiply: return .double(p * q)
        case .divide:
            if q == 0 { throw .runtime("float division by zero", location) }
            return .double(p / q)
        case .floorDivide:
            if q == 0 { throw .runtime("float floor division by zero", location) }
            return .double(floatFloorDivide(p, q))
        case .modulo:
            if q == 0 { throw .runtime("float modulo by zero", location) }
            return .double(floatModulo(p, q))
        case .power:
            if p == 0 && q < 0 { throw .runtime("0.0 cannot be raised to a negative power", location) }
            return .double(Foundation.pow(p, q))
        }
    }

    /// CPython's `float_rem`.
    static func floatModulo(_ vx: Double, _ wx: Double) -> Double {
        var mod = fmod(vx, wx)
        if mod != 0 {
            if (wx < 0) != (mod < 0) { mod += wx }
        } else {
            mod = copysign(0, wx)
        }
        return mod
    }

    /// CPython's `float_floor_div` (via `_float_div_mod`).
    static func floatFloorDivide(_ vx: Double, _ wx: Double) -> Double {
        var mod = fmod(vx, wx)
        var div = (vx - mod) / wx
        if mod != 0 {
            if (wx < 0) != (mod < 0) {
                mod += wx
                div -= 1
            }
        }
        if div != 0 {
            var floordiv = div.rounded(.down)
            if div - floordiv > 0.5 { floordiv += 1 }
            return floordiv
        }
        return copysign(0, vx / wx)
    }

    /// Unary minus.
    static func negate(_ v: Value, at location: SourceLocation?) throws(TemplateError) -> Value {
        switch number(v) {
        case .int(let i):
            let (r, o) = Int(0).subtractingReportingOverflow(i)
            if o { throw overflow(location) }
            return .int(r)
        case .double(let d): return .double(-d)
        case nil:
            if v.isUndefined { throw undefinedError(v, location) }
            throw .runtime("bad operand type for unary -: '\(v.pythonTypeName)'", location)
        }
    }

    /// Unary plus.
    static func plus(_ v: Value, at location: SourceLocation?) throws(TemplateError) -> Value {
        switch number(v) {
        case .int(let i): return .int(i)
        case .double(let d): return .double(d)
        case nil:
            if v.isUndefined { throw undefinedError(v, location) }
            throw .runtime("bad operand type for unary +: '\(v.pythonTypeName)'", location)
        }
    }
}
