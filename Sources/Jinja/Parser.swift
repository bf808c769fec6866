/// Builds the AST from tokens: statements here, expressions in `Parser+Expressions.swift`.
///
/// The grammar and precedence follow jinja2's parser, so that templates mean the same thing. Statement parsers
/// leave the tag's final `%}` to `subparse`, as jinja2 does.
struct Parser {
    let tokens: [Token]
    var pos = 0
    /// How many `for` bodies enclose the current position (for `break` / `continue`).
    var loopDepth = 0
    /// Names mentioned inside each macro body being parsed, innermost last.
    var macroNames: [Set<String>] = []
    /// Open block tags, for error messages: (tag name, where it was opened).
    var openBlocks: [(String, SourceLocation)] = []
    /// Current nesting of expressions and blocks (bounded by `Limits.maxNesting` to protect the stack).
    var nesting = 0

    init(tokens: [Token]) {
        self.tokens = tokens
    }

    /// Parses a whole template.
    static func parse(_ tokens: [Token]) throws(TemplateError) -> [Node] {
        var parser = Parser(tokens: tokens)
        return try parser.subparse(until: [])
    }

    // MARK: - Token stream

    var current: Token { tokens[pos] }

    func peek(_ offset: Int = 1) -> Token { tokens[min(pos + offset, tokens.count - 1)] }

    @discardableResult
    mutating func advance() -> Token {
        let token = tokens[pos]
        if pos < tokens.count - 1 { pos += 1 }
        return token
    }

    mutating func expectOp(_ op: String) throws(TemplateError) {
        guard current.isOp(op) else { throw unexpected(expected: "'\(op)'") }
        advance()
    }

    mutating func expectName() throws(TemplateError) -> String {
        guard case .name(let name) = current.kind else { throw unexpected(expected: "a name") }
        advance()
        return name
    }

    mutating func expectName(_ name: String) throws(TemplateError) {
        guard current.isName(name) else { throw unexpected(expected: "'\(name)'") }
        advance()
    }

    mutating func expectBlockEnd() throws(TemplateError) {
        guard case .blockEnd = current.kind else { throw unexpected(expected: "end of statement block '%}'") }
        advance()
    }

    /// Enters one level of nesting; pair with `nesting -= 1`.
    mutating func enterNesting() throws(TemplateError) {
        nesting += 1
        if nesting > Limits.maxNesting {
            throw .syntax("the template nests expressions or blocks more than \(Limits.maxNesting) levels deep", current.location)
        }
    }

    func unexpected(expected: String) -> TemplateError {
        if case .eof = current.kind { return eofError(expected: expected) }
        return .syntax("expected \(expected), got \(current.describe)", current.location)
    }

    func eofError(expected: String? = nil) -> TemplateError {
        var message = "unexpected end of template"
        if let expected { message += ", expected \(expected)" }
        if let (tag, location) = openBlocks.last {
            message += "; the innermost open block is '\(tag)' at \(location)"
        }
        return .syntax(message, current.location)
    }

    // MARK: - Statements

    /// Parses nodes until a `{% name %}` with `name` in `endTags`, leaving the stream on that name.
    mutating func subparse(until endTags: Set<String>) throws(TemplateError) -> [Node] {
        var body: [Node] = []
        while true {
            let token = current
            switch token.kind {
            case .data(let text):
                advance()
                body.append(.text(text))
            case .variableBegin:
                advance()
                let expr = try parseTuple()
                guard case .variableEnd = current.kind else { throw unexpected(expected: "end of print statement '}}'") }
                advance()
                body.append(.output(expr))
            case .blockBegin:
                advance()
                if case .name(let name) = current.kind, endTags.contains(name) { return body }
                body.append(contentsOf: try parseStatement())
                try expectBlockEnd()
            case .eof:
                if !endTags.isEmpty {
                    let wanted = endTags.sorted().map { "'\($0)'" }.joined(separator: " or ")
                    throw eofError(expected: wanted)
                }
                return body
            default:
                throw .syntax("unexpected \(token.describe)", token.location)
            }
        }
    }

    /// jinja2's `parse_statements`: `%}`, a body up to one of `endTags`, optionally consuming the end name.
    mutating func parseBody(
        until endTags: Set<String>, opening: (String, SourceLocation), dropNeedle: Bool = false
    ) throws(TemplateError) -> [Node] {
        if current.isOp(":") { advance() }
        try expectBlockEnd()
        try enterNesting()
        defer { nesting -= 1 }
        openBlocks.append(opening)
        let body = try subparse(until: endTags)
        openBlocks.removeLast()
        if dropNeedle { advance() }
        return body
    }

    mutating func parseStatement() throws(TemplateError) -> [Node] {
        let token = current
        guard case .name(let tag) = token.kind else { throw .syntax("tag name expected", token.location) }
        switch tag {
        case "if": return [try parseIf()]
        case "for": return [try parseFor()]
        case "set": return [try parseSet()]
        case "macro": return [try parseMacro()]
        case "call": return [try parseCallBlock()]
        case "filter": return [try parseFilterBlock()]
        case "with": return [try parseWith()]
        case "print":
            advance()
            return [.output(try parseTuple())]
        case "generation":
            // Hugging Face's assistant-mask extension: renders its body unchanged, in its own scope (Hugging Face
            // renders it through a caller macro).
            advance()
            let body = try parseBody(until: ["endgeneration"], opening: (tag, token.location), dropNeedle: true)
            return [.with([], body: body)]
        case "break", "continue":
            guard loopDepth > 0 else { throw .syntax("'\(tag)' is only allowed inside a for loop", token.location) }
            advance()
            return [tag == "break" ? .breakLoop : .continueLoop]
        case "include", "import", "from", "extends", "block":
            throw .syntax("the '\(tag)' tag is not supported: chat templates cannot load other templates", token.location)
        default:
            var message = "unknown tag '\(tag)'"
            if let (open, location) = openBlocks.last {
                message += "; the innermost open block is '\(open)' at \(location)"
            }
            throw .syntax(message, token.location)
        }
    }

    mutating func parseIf() throws(TemplateError) -> Node {
        let start = advance().location
        var branches: [IfBranch] = []
        var condition = try parseTuple(withCondexpr: false)
        while true {
            let body = try parseBody(until: ["elif", "else", "endif"], opening: ("if", start))
            branches.append(IfBranch(condition: condition, body: body))
            let end = advance()
            if end.isName("elif") {
                condition = try parseTuple(withCondexpr: false)
                continue
            }
            if end.isName("else") {
                let otherwise = try parseBody(until: ["endif"], opening: ("if", start), dropNeedle: true)
                return .conditional(IfNode(branches: branches, otherwise: otherwise))
            }
            return .conditional(IfNode(branches: branches, otherwise: []))
        }
    }

    mutating func parseFor() throws(TemplateError) -> Node {
        let start = advance().location
        let target = try parseAssignTarget(extraEndRules: ["in"])
        try expectName("in")
        let iterable = try parseTuple(withCondexpr: false, extraEndRules: ["recursive"])
        var filter: Expr?
        if current.isName("if") {
            advance()
            filter = try parseExpression()
        }
        var recursive = false
        if current.isName("recursive") {
            advance()
            recursive = true
        }
        loopDepth += 1
        let body = try parseBody(until: ["endfor", "else"], opening: ("for", start))
        loopDepth -= 1
        var otherwise: [Node] = []
        if advance().isName("else") {
            otherwise = try parseBody(until: ["endfor"], opening: ("for", start), dropNeedle: true)
        }
        return .forLoop(
            ForNode(
                target: target, iterable: iterable, filter: filter, body: body, otherwise: otherwise,
                recursive: recursive, location: start))
    }

    mutating func parseSet() throws(TemplateError) -> Node {
        let start = advance().location
        let target = try parseAssignTarget(withNamespace: true)
        if current.isOp("=") {
            advance()
            return .set(target, try parseTuple(), start)
        }
        let filters = try parseFilterChain(startInline: false)
        let body = try parseBody(until: ["endset"], opening: ("set", start), dropNeedle: true)
        return .setBlock(target, filters: filters, body: body, start)
    }

    mutating func parseMacro() throws(TemplateError) -> Node {
        let start = advance().location
        let name = try expectName()
        let parameters = try parseSignature()
        return .macro(try parseMacroBody(name: name, parameters: parameters, endTag: "endmacro", start: start))
    }

    /// The body of a macro or call block, recording which of `varargs`, `kwargs`, `caller` it mentions.
    mutating func parseMacroBody(
        name: String, parameters: [MacroParameter], endTag: String, start: SourceLocation
    ) throws(TemplateError) -> MacroNode {
        macroNames.append([])
        let savedLoopDepth = loopDepth
        loopDepth = 0
        let body = try parseBody(until: [endTag], opening: (endTag == "endmacro" ? "macro" : "call", start), dropNeedle: true)
        loopDepth = savedLoopDepth
        let names = macroNames.removeLast()
        return MacroNode(
            name: name, parameters: parameters, body: body, usesVarargs: names.contains("varargs"),
            usesKwargs: names.contains("kwargs"), usesCaller: names.contains("caller"), location: start)
    }

    /// `(a, b=default, …)`
    mutating func parseSignature() throws(TemplateError) -> [MacroParameter] {
        try expectOp("(")
        var parameters: [MacroParameter] = []
        while !current.isOp(")") {
            if !parameters.isEmpty { try expectOp(",") }
            let location = current.location
            let name = try expectName()
            if current.isOp("=") {
                advance()
                parameters.append(MacroParameter(name: name, defaultValue: try parseExpression()))
            } else {
                if parameters.contains(where: { $0.defaultValue != nil }) {
                    throw .syntax("non-default argument follows default argument", location)
                }
                parameters.append(MacroParameter(name: name, defaultValue: nil))
            }
        }
        advance()
        return parameters
    }

    mutating func parseCallBlock() throws(TemplateError) -> Node {
        let start = advance().location
        let parameters = current.isOp("(") ? try parseSignature() : []
        let call = try parseExpression()
        guard case .call = call.kind else { throw .syntax("expected a call after 'call'", call.location) }
        let caller = try parseMacroBody(name: "caller", parameters: parameters, endTag: "endcall", start: start)
        return .callBlock(CallBlockNode(call: call, caller: caller))
    }

    mutating func parseFilterBlock() throws(TemplateError) -> Node {
        let start = advance().location
        let filters = try parseFilterChain(startInline: true)
        let body = try parseBody(until: ["endfilter"], opening: ("filter", start), dropNeedle: true)
        return .filterBlock(filters, body: body)
    }

    mutating func parseWith() throws(TemplateError) -> Node {
        let start = advance().location
        var assignments: [WithAssignment] = []
        while true {
            if case .blockEnd = current.kind { break }
            if !assignments.isEmpty { try expectOp(",") }
            let target = try parseAssignTarget()
            try expectOp("=")
            assignments.append(WithAssignment(target: target, value: try parseExpression()))
        }
        let body = try parseBody(until: ["endwith"], opening: ("with", start), dropNeedle: true)
        return .with(assignments, body: body)
    }

    /// The target of `set`, `for` or `with`: a name, a tuple of names, or `namespace.attribute`.
    mutating func parseAssignTarget(
        withTuple: Bool = true, extraEndRules: Set<String> = [], withNamespace: Bool = false
    ) throws(TemplateError) -> AssignTarget {
        if withNamespace, case .name(let namespace) = current.kind, peek().isOp(".") {
            advance()
            advance()
            let attribute = try expectName()
            return .attribute(namespace: namespace, attribute: attribute)
        }
        let expr = withTuple ? try parseTuple(simplified: true, extraEndRules: extraEndRules) : try parsePrimary()
        return try assignTarget(from: expr)
    }

    private func assignTarget(from expr: Expr) throws(TemplateError) -> AssignTarget {
        switch expr.kind {
        case .name(let name):
            if ["true", "false", "none", "True", "False", "None"].contains(name) {
                throw .syntax("can't assign to constant '\(name)'", expr.location)
            }
            return .name(name)
        case .tuple(let items):
            var targets: [AssignTarget] = []
            for item in items { targets.append(try assignTarget(from: item)) }
            return .tuple(targets)
        default:
            throw .syntax("can't assign to this expression", expr.location)
        }
    }
}
