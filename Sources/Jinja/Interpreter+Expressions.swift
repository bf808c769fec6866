/// Evaluating expressions.
extension Interpreter {
    func evaluate(_ expr: Expr, in scope: Scope) throws(TemplateError) -> Value {
        let location = expr.location
        switch expr.kind {
        case .literal(let value):
            return value
        case .name(let name):
            return lookup(name, in: scope)
        case .list(let items):
            var values: [Value] = []
            values.reserveCapacity(items.count)
            for item in items { values.append(try evaluate(item, in: scope)) }
            return .array(values)
        case .tuple(let items):
            var values: [Value] = []
            for item in items { values.append(try evaluate(item, in: scope)) }
            return .tuple(values)
        case .dict(let entries):
            var dict = ValueDictionary()
            for entry in entries {
                let key = try evaluate(entry.key, in: scope)
                guard case .string(let k) = key else {
                    throw .runtime("dict keys must be strings here, got \(key.pythonTypeName)", entry.key.location)
                }
                dict[k] = try evaluate(entry.value, in: scope)
            }
            return .object(dict)
        case .attribute(let object, let name):
            return try attribute(of: try evaluate(object, in: scope), name, at: location)
        case .item(let object, let key):
            return try item(of: try evaluate(object, in: scope), try evaluate(key, in: scope), at: location)
        case .slice(let object, let start, let stop, let step):
            let value = try evaluate(object, in: scope)
            let part = try slice(
                value, start: try start.map { e throws(TemplateError) in try evaluate(e, in: scope) },
                stop: try stop.map { e throws(TemplateError) in try evaluate(e, in: scope) },
                step: try step.map { e throws(TemplateError) in try evaluate(e, in: scope) }, at: location)
            return try charge(part, at: location)
        case .call(let callee, let arguments):
            return try charge(try call(callee, arguments, in: scope, at: location, caller: nil), at: location)
        case .filter(let input, let filter):
            return try charge(try applyFilter(filter, to: try evaluate(input, in: scope), in: scope), at: location)
        case .test(let input, let test):
            let value = try evaluate(input, in: scope)
            let result = try runTest(test.name, value, try evaluateArguments(test.arguments, in: scope), at: location)
            return .bool(test.negated ? !result : result)
        case .negate(let operand):
            return try Operators.negate(try evaluate(operand, in: scope), at: location)
        case .plus(let operand):
            return try Operators.plus(try evaluate(operand, in: scope), at: location)
        case .binary(let op, let lhs, let rhs):
            let left = try evaluate(lhs, in: scope)
            let value = try Operators.binary(op, left, try evaluate(rhs, in: scope), limit: resultLimit, at: location)
            return try charge(value, at: location)
        case .concat(let parts):
            var text = ""
            for part in parts {
                let piece = try printed(try evaluate(part, in: scope), at: location)
                try Limits.checkResult(text.utf8.count + piece.utf8.count, limit: resultLimit, location)
                text += piece
            }
            return try charge(.string(text), at: location)
        case .compare(let first, let comparisons):
            var left = try evaluate(first, in: scope)
            for comparison in comparisons {
                let right = try evaluate(comparison.rhs, in: scope)
                if !(try Operators.compare(comparison.op, left, right, at: location)) { return .bool(false) }
                left = right
            }
            return .bool(true)
        case .and(let lhs, let rhs):
            let left = try evaluate(lhs, in: scope)
            return left.isTruthy ? try evaluate(rhs, in: scope) : left
        case .or(let lhs, let rhs):
            let left = try evaluate(lhs, in: scope)
            return left.isTruthy ? left : try evaluate(rhs, in: scope)
        case .not(let operand):
            return .bool(!(try evaluate(operand, in: scope).isTruthy))
        case .conditional(let test, let then, let otherwise):
            if try evaluate(test, in: scope).isTruthy { return try evaluate(then, in: scope) }
            if let otherwise { return try evaluate(otherwise, in: scope) }
            return .undefined(
                hint: "the inline if-expression on line \(location.line) evaluated to false and no else section was defined.")
        }
    }

    func lookup(_ name: String, in scope: Scope) -> Value {
        if let value = scope.lookup(name) { return value }
        if let builtin = BuiltinFunction(rawValue: name) { return .special(.builtin(builtin)) }
        return .undefined(hint: "'\(name)' is undefined")
    }

    // MARK: - Attributes and items

    /// `obj.name`: jinja2 tries the Python attribute first (methods, loop fields), then the item.
    func attribute(of value: Value, _ name: String, at location: SourceLocation?) throws(TemplateError) -> Value {
        if let found = try pythonAttribute(of: value, name, at: location) { return found }
        switch value {
        case .object(let dict):
            if let found = dict[name] { return found }
        case .special(let s):
            if case .namespace(let id) = s.kind, let found = namespaces[id][name] { return found }
        default: break
        }
        return .undefined(hint: "'\(value.objectDescription)' has no attribute \(Value.reprString(name))")
    }

    /// The Python attribute `name` of `value` (a bound method or a loop field), or nil.
    func pythonAttribute(of value: Value, _ name: String, at location: SourceLocation?) throws(TemplateError) -> Value? {
        switch value {
        case .undefined:
            throw Operators.undefinedError(value, location)
        case .special(let s):
            if case .loop(let loop) = s.kind { return loopAttribute(loop, name) }
        default: break
        }
        return Methods.attribute(of: value, name)
    }

    private func loopAttribute(_ loop: LoopState, _ name: String) -> Value? {
        switch name {
        case "index": return .int(loop.index0 + 1)
        case "index0": return .int(loop.index0)
        case "revindex": return .int(loop.length - loop.index0)
        case "revindex0": return .int(loop.length - loop.index0 - 1)
        case "first": return .bool(loop.index0 == 0)
        case "last": return .bool(loop.index0 == loop.length - 1)
        case "length": return .int(loop.length)
        case "depth": return .int(loop.depth)
        case "depth0": return .int(loop.depth - 1)
        case "previtem": return loop.previous ?? .undefined(hint: "there is no previous item")
        case "nextitem": return loop.next ?? .undefined(hint: "there is no next item")
        case "cycle", "changed": return .special(.method(.special(.loop(loop)), name))
        default: return nil
        }
    }

    /// `obj[key]`: jinja2 tries the item first, then (for string keys) the attribute.
    func item(of value: Value, _ key: Value, at location: SourceLocation?) throws(TemplateError) -> Value {
        switch value {
        case .undefined:
            throw Operators.undefinedError(value, location)
        case .object(let dict):
            if case .string(let k) = key, let found = dict[k] { return found }
        case .array(let items):
            if let found = element(items, key) { return found }
        case .string(let s):
            if let index = integerIndex(key) {
                let scalars = PythonString.scalars(s)
                let i = index < 0 ? index + scalars.count : index
                if i >= 0 && i < scalars.count { return .string(String(scalars[i])) }
            }
        case .special(let s):
            switch s.kind {
            case .tuple(let items):
                if let found = element(items, key) { return found }
            case .namespace(let id):
                if case .string(let k) = key, let found = namespaces[id][k] { return found }
            default: break
            }
        default: break
        }
        if case .string(let name) = key, let found = try pythonAttribute(of: value, name, at: location) { return found }
        if case .string(let name) = key {
            return .undefined(hint: "'\(value.objectDescription)' has no attribute \(Value.reprString(name))")
        }
        return .undefined(hint: "\(value.objectDescription) has no element \(key.pythonRepr)")
    }

    private func integerIndex(_ key: Value) -> Int? {
        switch key {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }

    private func element(_ items: [Value], _ key: Value) -> Value? {
        guard let index = integerIndex(key) else { return nil }
        let i = index < 0 ? index + items.count : index
        return i >= 0 && i < items.count ? items[i] : nil
    }

    /// Python slicing of lists, tuples and strings; anything else gives undefined (as jinja2's getitem does).
    func slice(_ value: Value, start: Value?, stop: Value?, step: Value?, at location: SourceLocation?)
        throws(TemplateError) -> Value
    {
        func bound(_ v: Value?) throws(TemplateError) -> Int? {
            switch v {
            case nil, .none?: return nil
            case .int(let i)?: return i
            case .bool(let b)?: return b ? 1 : 0
            case .some(let other):
                if other.isUndefined { throw Operators.undefinedError(other, location) }
                throw .runtime("slice indices must be integers or None or have an __index__ method", location)
            }
        }
        let stepValue = try bound(step) ?? 1
        if stepValue == 0 { throw .runtime("slice step cannot be zero", location) }
        let startValue = try bound(start)
        let stopValue = try bound(stop)
        func indices(_ count: Int) -> [Int] {
            var result: [Int] = []
            if stepValue > 0 {
                var lo = startValue.map { $0 < 0 ? max($0 + count, 0) : min($0, count) } ?? 0
                let hi = stopValue.map { $0 < 0 ? max($0 + count, 0) : min($0, count) } ?? count
                while lo < hi {
                    result.append(lo)
                    let (next, overflow) = lo.addingReportingOverflow(stepValue)
                    if overflow { break }
                    lo = next
                }
            } else {
                var hi = startValue.map { $0 < 0 ? max($0 + count, -1) : min($0, count - 1) } ?? count - 1
                let lo = stopValue.map { $0 < 0 ? max($0 + count, -1) : min($0, count - 1) } ?? -1
                while hi > lo {
                    result.append(hi)
                    let (next, overflow) = hi.addingReportingOverflow(stepValue)
                    if overflow { break }
                    hi = next
                }
            }
            return result
        }
        switch value {
        case .undefined:
            throw Operators.undefinedError(value, location)
        case .array(let items):
            return .array(indices(items.count).map { items[$0] })
        case .string(let s):
            let scalars = PythonString.scalars(s)
            return .string(PythonString.make(indices(scalars.count).map { scalars[$0] }))
        case .special(let s):
            if case .tuple(let items) = s.kind { return .tuple(indices(items.count).map { items[$0] }) }
        default: break
        }
        return .undefined(hint: "\(value.objectDescription) has no element slice")
    }

    // MARK: - Calls

    func evaluateArguments(_ arguments: Arguments, in scope: Scope) throws(TemplateError) -> CallArguments {
        var result = CallArguments()
        for expr in arguments.positional { result.positional.append(try evaluate(expr, in: scope)) }
        for keyword in arguments.keyword { result.keyword[keyword.name] = try evaluate(keyword.value, in: scope) }
        if let star = arguments.star {
            result.positional += try iterate(try evaluate(star, in: scope), at: star.location)
        }
        if let doubleStar = arguments.doubleStar {
            let value = try evaluate(doubleStar, in: scope)
            guard case .object(let dict) = value else {
                throw .runtime("argument after ** must be a mapping, not \(value.pythonTypeName)", doubleStar.location)
            }
            for (k, v) in dict { result.keyword[k] = v }
        }
        return result
    }

    func call(_ callee: Expr, _ arguments: Arguments, in scope: Scope, at location: SourceLocation, caller: Value?)
        throws(TemplateError) -> Value
    {
        let function = try evaluate(callee, in: scope)
        var evaluated = try evaluateArguments(arguments, in: scope)
        if let caller { evaluated.keyword["caller"] = caller }
        return try callValue(function, evaluated, at: location)
    }

    func callValue(_ function: Value, _ arguments: CallArguments, at location: SourceLocation?) throws(TemplateError)
        -> Value
    {
        switch function {
        case .undefined:
            throw Operators.undefinedError(function, location)
        case .special(let s):
            switch s.kind {
            case .method(let receiver, let name):
                if case .special(let r) = receiver, case .loop(let loop) = r.kind {
                    return try callLoopMethod(loop, name, arguments, at: location)
                }
                return try Methods.call(receiver, name, arguments, limit: resultLimit, at: location)
            case .unsafeMethod(let typeName, let name):
                throw .runtime("access to attribute '\(name)' of '\(typeName)' object is unsafe.", location)
            case .macro(let id, _):
                return try callMacro(id, arguments, at: location)
            case .builtin(let builtin):
                return try callBuiltin(builtin, arguments, at: location)
            case .loop(let loop):
                guard let recursion = loop.recursion else {
                    throw .runtime("Tried to call non recursive loop. Maybe you forgot the 'recursive' modifier.", location)
                }
                guard arguments.positional.count == 1 else {
                    throw .runtime("loop() takes exactly one argument", location)
                }
                let (node, scope) = recursiveLoops[recursion]
                guard callDepth < environment.maxCallDepth else {
                    throw .runtime("maximum recursion depth (\(environment.maxCallDepth)) exceeded in recursive loop", location)
                }
                callDepth += 1
                defer { callDepth -= 1 }
                var out = ""
                _ = try runLoop(node, in: scope, into: &out, iterable: arguments.positional[0], depth: loop.depth + 1)
                return .string(out)
            default: break
            }
        default: break
        }
        throw .runtime("'\(function.pythonTypeName)' object is not callable", location)
    }

    private func callLoopMethod(_ loop: LoopState, _ name: String, _ arguments: CallArguments, at location: SourceLocation?)
        throws(TemplateError) -> Value
    {
        guard name == "cycle" else { throw .runtime("loop.\(name)() is not supported", location) }
        guard !arguments.positional.isEmpty else { throw .runtime("no items for cycling given", location) }
        return arguments.positional[loop.index0 % arguments.positional.count]
    }
}

/// Evaluated call arguments.
struct CallArguments {
    var positional: [Value] = []
    var keyword = ValueDictionary()

    /// Binds arguments to named parameters Python-style; returns one slot per parameter (nil when not given).
    func bind(_ parameters: [String], function: String, at location: SourceLocation?) throws(TemplateError) -> [Value?] {
        if positional.count > parameters.count {
            throw .runtime(
                "\(function)() takes at most \(parameters.count) argument(s) (\(positional.count) given)", location)
        }
        var slots: [Value?] = positional.map { Optional($0) }
        slots += [Value?](repeating: nil, count: parameters.count - positional.count)
        for (key, value) in keyword {
            guard let i = parameters.firstIndex(of: key) else {
                throw .runtime("\(function)() got an unexpected keyword argument '\(key)'", location)
            }
            if slots[i] != nil { throw .runtime("\(function)() got multiple values for argument '\(key)'", location) }
            slots[i] = value
        }
        return slots
    }
}
