/// Walks the AST and writes the output. One interpreter serves one render call.
///
/// - Important: not thread-safe and not reusable; `Template.render` creates a fresh one per call.
final class Interpreter {
    let environment: RenderEnvironment
    /// Attribute storage of every `namespace()` created in this render.
    var namespaces: [ValueDictionary] = []
    /// Every macro (and call-block caller) defined in this render, with the scope it closes over.
    var macros: [(node: MacroNode, closure: Scope)] = []
    /// Recursive for loops, so that `loop(children)` can re-enter them.
    var recursiveLoops: [(node: ForNode, scope: Scope)] = []
    /// Current macro call nesting.
    var callDepth = 0
    /// Loop iterations run so far (bounded by `environment.maxLoopIterations`).
    var iterations = 0
    /// Bytes of strings and lists built so far (bounded by `environment.maxBuiltBytes`).
    var builtBytes = 0
    /// The longest string (bytes) or list (items) an expression may produce: `Limits.maxResultLength`, or less when
    /// the render's whole output may not be that long.
    let resultLimit: Int

    init(environment: RenderEnvironment) {
        self.environment = environment
        self.resultLimit = max(0, min(Limits.maxResultLength, environment.maxOutputLength))
    }

    /// What a statement list asks its enclosing loop to do next.
    enum Flow {
        case normal
        case breakLoop
        case continueLoop
    }

    func execute(_ nodes: [Node], in scope: Scope, into out: inout String) throws(TemplateError) -> Flow {
        for node in nodes {
            let flow = try execute(node, in: scope, into: &out)
            if out.utf8.count > environment.maxOutputLength {
                throw .runtime("the rendered text exceeds the limit of \(environment.maxOutputLength) bytes")
            }
            if case .normal = flow { continue }
            return flow
        }
        return .normal
    }

    private func execute(_ node: Node, in scope: Scope, into out: inout String) throws(TemplateError) -> Flow {
        switch node {
        case .text(let text):
            out += text
        case .output(let expr):
            out += try printed(try evaluate(expr, in: scope), at: expr.location)
        case .conditional(let ifNode):
            for branch in ifNode.branches {
                if try evaluate(branch.condition, in: scope).isTruthy {
                    return try execute(branch.body, in: scope, into: &out)
                }
            }
            return try execute(ifNode.otherwise, in: scope, into: &out)
        case .forLoop(let loop):
            return try runLoop(loop, in: scope, into: &out)
        case .set(let target, let expr, let location):
            try assign(target, try evaluate(expr, in: scope), in: scope, at: location)
        case .setBlock(let target, let filters, let body, let location):
            var captured = ""
            let flow = try execute(body, in: scope, into: &captured)
            var value = Value.string(captured)
            for filter in filters { value = try applyFilter(filter, to: value, in: scope) }
            try assign(target, value, in: scope, at: location)
            return flow
        case .macro(let macro):
            scope.set(macro.name, defineMacro(macro, in: scope))
        case .callBlock(let block):
            let caller = defineMacro(block.caller, in: scope)
            guard case .call(let callee, let arguments) = block.call.kind else { return .normal }
            let result = try call(callee, arguments, in: scope, at: block.call.location, caller: caller)
            out += try printed(result, at: block.call.location)
        case .filterBlock(let filters, let body):
            var captured = ""
            let flow = try execute(body, in: scope, into: &captured)
            var value = Value.string(captured)
            for filter in filters { value = try applyFilter(filter, to: value, in: scope) }
            out += try printed(value, at: nil)
            return flow
        case .with(let assignments, let body):
            let inner = Scope(parent: scope)
            for assignment in assignments {
                try assign(assignment.target, try evaluate(assignment.value, in: scope), in: inner, at: assignment.value.location)
            }
            return try execute(body, in: inner, into: &out)
        case .breakLoop:
            return .breakLoop
        case .continueLoop:
            return .continueLoop
        }
        return .normal
    }

    // MARK: - Loops

    func runLoop(
        _ loop: ForNode, in scope: Scope, into out: inout String, iterable override: Value? = nil, depth: Int = 1
    ) throws(TemplateError) -> Flow {
        let source: Value
        if let override { source = override } else { source = try evaluate(loop.iterable, in: scope) }
        var items = try iterate(source, at: loop.iterable.location)
        if let filter = loop.filter {
            var kept: [Value] = []
            for item in items {
                let inner = Scope(parent: scope)
                try assign(loop.target, item, in: inner, at: loop.location)
                if try evaluate(filter, in: inner).isTruthy { kept.append(item) }
            }
            items = kept
        }
        if items.isEmpty {
            return try execute(loop.otherwise, in: Scope(parent: scope), into: &out)
        }
        var recursion: Int?
        if loop.recursive {
            recursion = recursiveLoops.count
            recursiveLoops.append((loop, scope))
        }
        for (i, item) in items.enumerated() {
            iterations += 1
            if iterations > environment.maxLoopIterations {
                throw .runtime("loop iteration limit (\(environment.maxLoopIterations)) exceeded", loop.location)
            }
            let inner = Scope(parent: scope)
            try assign(loop.target, item, in: inner, at: loop.location)
            let state = LoopState(
                index0: i, length: items.count, previous: i > 0 ? items[i - 1] : nil,
                next: i + 1 < items.count ? items[i + 1] : nil, depth: depth, recursion: recursion)
            inner.set("loop", .special(.loop(state)))
            if case .breakLoop = try execute(loop.body, in: inner, into: &out) { break }
        }
        return .normal
    }

    /// Python iteration: list items, dict keys, string characters; undefined iterates as empty.
    func iterate(_ value: Value, at location: SourceLocation?) throws(TemplateError) -> [Value] {
        switch value {
        case .array(let items): return items
        case .object(let dict): return dict.keys.map(Value.string)
        case .string(let s): return s.unicodeScalars.map { .string(String($0)) }
        case .undefined: return []
        case .special(let s):
            switch s.kind {
            case .tuple(let items), .iterator(let items, _): return items
            case .namespace(let id): return namespaces[id].keys.map(Value.string)
            default: break
            }
        default: break
        }
        throw .runtime("'\(value.pythonTypeName)' object is not iterable", location)
    }

    // MARK: - Assignment

    func assign(_ target: AssignTarget, _ value: Value, in scope: Scope, at location: SourceLocation?)
        throws(TemplateError)
    {
        if Limits.exceedsDepth(value, Limits.maxValueDepth) {
            throw .runtime("the assigned value nests more than \(Limits.maxValueDepth) levels deep", location)
        }
        switch target {
        case .name(let name):
            scope.set(name, value)
        case .tuple(let targets):
            let items = try iterate(value, at: location)
            if items.count > targets.count {
                throw .runtime("too many values to unpack (expected \(targets.count))", location)
            }
            if items.count < targets.count {
                throw .runtime("not enough values to unpack (expected \(targets.count), got \(items.count))", location)
            }
            for (t, v) in zip(targets, items) { try assign(t, v, in: scope, at: location) }
        case .attribute(let namespace, let attribute):
            guard case .special(let s)? = scope.lookup(namespace), case .namespace(let id) = s.kind else {
                throw .runtime("cannot assign attribute on non-namespace object", location)
            }
            namespaces[id][attribute] = value
        }
    }

    // MARK: - Macros

    func defineMacro(_ macro: MacroNode, in scope: Scope) -> Value {
        macros.append((macro, scope))
        return .special(.macro(macros.count - 1, name: macro.name))
    }

    func callMacro(_ id: Int, _ arguments: CallArguments, at location: SourceLocation?) throws(TemplateError) -> Value {
        let (macro, closure) = macros[id]
        guard callDepth < environment.maxCallDepth else {
            throw .runtime(
                "maximum macro recursion depth (\(environment.maxCallDepth)) exceeded calling '\(macro.name)'", location)
        }
        callDepth += 1
        defer { callDepth -= 1 }
        let scope = Scope(parent: closure)
        var keywords = arguments.keyword
        for (i, parameter) in macro.parameters.enumerated() {
            if i < arguments.positional.count {
                if keywords[parameter.name] != nil {
                    throw .runtime("macro '\(macro.name)' got multiple values for argument '\(parameter.name)'", location)
                }
                scope.set(parameter.name, arguments.positional[i])
            } else if let value = keywords[parameter.name] {
                keywords = keywords.removing(parameter.name)
                scope.set(parameter.name, value)
            } else if let defaultValue = parameter.defaultValue {
                scope.set(parameter.name, try evaluate(defaultValue, in: scope))
            } else {
                scope.set(parameter.name, .undefined(hint: "parameter '\(parameter.name)' was not provided"))
            }
        }
        if macro.usesCaller {
            scope.set("caller", keywords["caller"] ?? .undefined(hint: "No caller defined"))
            keywords = keywords.removing("caller")
        }
        let extra = Array(arguments.positional.dropFirst(macro.parameters.count))
        if !extra.isEmpty && !macro.usesVarargs {
            throw .runtime(
                "macro '\(macro.name)' takes not more than \(macro.parameters.count) argument(s)", location)
        }
        if macro.usesVarargs { scope.set("varargs", .tuple(extra)) }
        if let unexpected = keywords.keys.first, !macro.usesKwargs {
            throw .runtime("macro '\(macro.name)' takes no keyword argument '\(unexpected)'", location)
        }
        if macro.usesKwargs { scope.set("kwargs", .object(keywords)) }
        var out = ""
        _ = try execute(macro.body, in: scope, into: &out)
        return .string(out)
    }
}

extension ValueDictionary {
    /// A copy without `key`.
    func removing(_ key: String) -> ValueDictionary {
        ValueDictionary(self.filter { !PythonString.equal($0.key, key) }.map { ($0.key, $0.value) })
    }
}
