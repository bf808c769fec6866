/// Expression grammar, lowest precedence first (as in jinja2):
/// conditional → or → and → not → comparison → `+ -` → `~` → `* / // %` → `**` → unary `- +` → primary with
/// postfix (`.x`, `[i]`, `(…)`), filters (`|f`) and tests (`is t`).
extension Parser {
    /// An expression, or a tuple when commas separate several (`{{ a, b }}`, `for k, v in …`).
    mutating func parseTuple(
        simplified: Bool = false, withCondexpr: Bool = true, extraEndRules: Set<String> = [],
        explicitParentheses: Bool = false
    ) throws(TemplateError) -> Expr {
        let start = current.location
        var items: [Expr] = []
        var isTuple = false
        while true {
            if !items.isEmpty { try expectOp(",") }
            if isTupleEnd(extraEndRules) { break }
            if simplified {
                items.append(try parsePrimary())
            } else {
                items.append(try parseExpression(withCondexpr: withCondexpr))
            }
            if current.isOp(",") { isTuple = true } else { break }
        }
        if !isTuple {
            if let first = items.first { return first }
            if !explicitParentheses {
                throw .syntax("expected an expression, got \(current.describe)", current.location)
            }
        }
        return Expr(kind: .tuple(items), location: start)
    }

    private func isTupleEnd(_ extraEndRules: Set<String>) -> Bool {
        switch current.kind {
        case .variableEnd, .blockEnd, .eof: return true
        case .op(")"): return true
        case .name(let n): return extraEndRules.contains(n)
        default: return false
        }
    }

    mutating func parseExpression(withCondexpr: Bool = true) throws(TemplateError) -> Expr {
        withCondexpr ? try parseConditional() : try parseOr()
    }

    private mutating func parseConditional() throws(TemplateError) -> Expr {
        var expr = try parseOr()
        while current.isName("if") {
            let location = advance().location
            let test = try parseOr()
            var otherwise: Expr?
            if current.isName("else") {
                advance()
                try enterNesting()
                defer { nesting -= 1 }
                otherwise = try parseConditional()
            }
            expr = Expr(kind: .conditional(test: test, then: expr, otherwise: otherwise), location: location)
        }
        return expr
    }

    private mutating func parseOr() throws(TemplateError) -> Expr {
        var left = try parseAnd()
        while current.isName("or") {
            let location = advance().location
            left = Expr(kind: .or(left, try parseAnd()), location: location)
        }
        return left
    }

    private mutating func parseAnd() throws(TemplateError) -> Expr {
        var left = try parseNot()
        while current.isName("and") {
            let location = advance().location
            left = Expr(kind: .and(left, try parseNot()), location: location)
        }
        return left
    }

    private mutating func parseNot() throws(TemplateError) -> Expr {
        try enterNesting()
        defer { nesting -= 1 }
        if current.isName("not") {
            let location = advance().location
            return Expr(kind: .not(try parseNot()), location: location)
        }
        return try parseCompare()
    }

    private mutating func parseCompare() throws(TemplateError) -> Expr {
        let left = try parseMath1()
        var ops: [Comparison] = []
        loop: while true {
            let op: ComparisonOperator
            switch current.kind {
            case .op("=="): op = .equal
            case .op("!="): op = .notEqual
            case .op("<"): op = .less
            case .op("<="): op = .lessOrEqual
            case .op(">"): op = .greater
            case .op(">="): op = .greaterOrEqual
            case .name("in"): op = .in
            case .name("not") where peek().isName("in"):
                advance()
                op = .notIn
            default: break loop
            }
            advance()
            ops.append(Comparison(op: op, rhs: try parseMath1()))
        }
        if ops.isEmpty { return left }
        return Expr(kind: .compare(left, ops), location: left.location)
    }

    private mutating func parseMath1() throws(TemplateError) -> Expr {
        var left = try parseConcat()
        while true {
            let op: BinaryOperator
            if current.isOp("+") { op = .add } else if current.isOp("-") { op = .subtract } else { break }
            let location = advance().location
            left = Expr(kind: .binary(op, left, try parseConcat()), location: location)
        }
        return left
    }

    private mutating func parseConcat() throws(TemplateError) -> Expr {
        let first = try parseMath2()
        var parts = [first]
        while current.isOp("~") {
            advance()
            parts.append(try parseMath2())
        }
        if parts.count == 1 { return first }
        return Expr(kind: .concat(parts), location: first.location)
    }

    private mutating func parseMath2() throws(TemplateError) -> Expr {
        var left = try parsePow()
        while true {
            let op: BinaryOperator
            switch current.kind {
            case .op("*"): op = .multiply
            case .op("/"): op = .divide
            case .op("//"): op = .floorDivide
            case .op("%"): op = .modulo
            default: return left
            }
            let location = advance().location
            left = Expr(kind: .binary(op, left, try parsePow()), location: location)
        }
    }

    private mutating func parsePow() throws(TemplateError) -> Expr {
        var left = try parseUnary()
        while current.isOp("**") {
            let location = advance().location
            left = Expr(kind: .binary(.power, left, try parseUnary()), location: location)
        }
        return left
    }

    private mutating func parseUnary(withFilter: Bool = true) throws(TemplateError) -> Expr {
        try enterNesting()
        defer { nesting -= 1 }
        var node: Expr
        if current.isOp("-") {
            let location = advance().location
            node = Expr(kind: .negate(try parseUnary(withFilter: false)), location: location)
        } else if current.isOp("+") {
            let location = advance().location
            node = Expr(kind: .plus(try parseUnary(withFilter: false)), location: location)
        } else {
            node = try parsePrimary()
        }
        node = try parsePostfix(node)
        if withFilter { node = try parseFilterExpr(node) }
        return node
    }

    mutating func parsePrimary() throws(TemplateError) -> Expr {
        let token = current
        switch token.kind {
        case .name(let name):
            advance()
            switch name {
            case "true", "True": return Expr(kind: .literal(.bool(true)), location: token.location)
            case "false", "False": return Expr(kind: .literal(.bool(false)), location: token.location)
            case "none", "None": return Expr(kind: .literal(.none), location: token.location)
            default:
                for i in macroNames.indices { macroNames[i].insert(name) }
                return Expr(kind: .name(name), location: token.location)
            }
        case .string(let s):
            advance()
            var value = s
            while case .string(let more) = current.kind {
                value += more
                advance()
            }
            return Expr(kind: .literal(.string(value)), location: token.location)
        case .integer(let i):
            advance()
            return Expr(kind: .literal(.int(i)), location: token.location)
        case .float(let d):
            advance()
            return Expr(kind: .literal(.double(d)), location: token.location)
        case .op("("):
            advance()
            let expr = try parseTuple(explicitParentheses: true)
            try expectOp(")")
            return expr
        case .op("["):
            return try parseList()
        case .op("{"):
            return try parseDict()
        case .eof:
            throw eofError(expected: "an expression")
        default:
            throw .syntax("unexpected \(token.describe)", token.location)
        }
    }

    private mutating func parseList() throws(TemplateError) -> Expr {
        let start = advance().location
        var items: [Expr] = []
        while !current.isOp("]") {
            if !items.isEmpty { try expectOp(",") }
            if current.isOp("]") { break }
            items.append(try parseExpression())
        }
        advance()
        return Expr(kind: .list(items), location: start)
    }

    private mutating func parseDict() throws(TemplateError) -> Expr {
        let start = advance().location
        var entries: [DictEntry] = []
        while !current.isOp("}") {
            if !entries.isEmpty { try expectOp(",") }
            if current.isOp("}") { break }
            let key = try parseExpression()
            try expectOp(":")
            entries.append(DictEntry(key: key, value: try parseExpression()))
        }
        advance()
        return Expr(kind: .dict(entries), location: start)
    }

    private mutating func parsePostfix(_ start: Expr) throws(TemplateError) -> Expr {
        var node = start
        while true {
            if current.isOp(".") || current.isOp("[") {
                node = try parseSubscript(node)
            } else if current.isOp("(") {
                node = Expr(kind: .call(node, try parseCallArguments()), location: node.location)
            } else {
                return node
            }
        }
    }

    private mutating func parseFilterExpr(_ start: Expr) throws(TemplateError) -> Expr {
        var node = start
        while true {
            if current.isOp("|") {
                for filter in try parseFilterChain(startInline: false) {
                    node = Expr(kind: .filter(node, filter), location: filter.location)
                }
            } else if current.isName("is") {
                node = try parseTest(node)
            } else if current.isOp("(") {
                node = Expr(kind: .call(node, try parseCallArguments()), location: node.location)
            } else {
                return node
            }
        }
    }

    private mutating func parseSubscript(_ node: Expr) throws(TemplateError) -> Expr {
        let token = advance()
        if token.isOp(".") {
            let attr = advance()
            switch attr.kind {
            case .name(let name):
                return Expr(kind: .attribute(node, name), location: token.location)
            case .integer(let i):
                return Expr(kind: .item(node, Expr(kind: .literal(.int(i)), location: attr.location)), location: token.location)
            default:
                throw .syntax("expected a name or number after '.'", attr.location)
            }
        }
        // "["
        var args: [Expr] = []
        var slice: (Expr?, Expr?, Expr?)?
        while !current.isOp("]") {
            if !args.isEmpty || slice != nil { try expectOp(",") }
            if let s = try parseSubscribed(&args) {
                guard args.isEmpty, slice == nil else {
                    throw .syntax("multi-dimensional slices are not supported", token.location)
                }
                slice = s
            } else if slice != nil {
                throw .syntax("multi-dimensional slices are not supported", token.location)
            }
        }
        advance()
        if let (start, stop, step) = slice {
            return Expr(kind: .slice(node, start: start, stop: stop, step: step), location: token.location)
        }
        guard !args.isEmpty else { throw .syntax("expected a subscript inside '[]'", token.location) }
        let key = args.count == 1 ? args[0] : Expr(kind: .tuple(args), location: token.location)
        return Expr(kind: .item(node, key), location: token.location)
    }

    /// One subscript: appends a plain expression to `args`, or returns a slice `start:stop:step`.
    private mutating func parseSubscribed(_ args: inout [Expr]) throws(TemplateError) -> (Expr?, Expr?, Expr?)? {
        var start: Expr?
        if current.isOp(":") {
            advance()
        } else {
            let expr = try parseExpression()
            guard current.isOp(":") else {
                args.append(expr)
                return nil
            }
            advance()
            start = expr
        }
        var stop: Expr?
        if !current.isOp(":") && !current.isOp("]") && !current.isOp(",") {
            stop = try parseExpression()
        }
        var step: Expr?
        if current.isOp(":") {
            advance()
            if !current.isOp("]") && !current.isOp(",") { step = try parseExpression() }
        }
        return (start, stop, step)
    }

    mutating func parseCallArguments() throws(TemplateError) -> Arguments {
        let open = advance()
        var arguments = Arguments()
        var requireComma = false
        func invalid() -> TemplateError { .syntax("invalid syntax for function call expression", open.location) }
        while !current.isOp(")") {
            if requireComma {
                try expectOp(",")
                if current.isOp(")") { break }
            }
            if current.isOp("*") {
                guard arguments.star == nil, arguments.doubleStar == nil else { throw invalid() }
                advance()
                arguments.star = try parseExpression()
            } else if current.isOp("**") {
                guard arguments.doubleStar == nil else { throw invalid() }
                advance()
                arguments.doubleStar = try parseExpression()
            } else if case .name(let key) = current.kind, peek().isOp("=") {
                guard arguments.doubleStar == nil else { throw invalid() }
                advance()
                advance()
                arguments.keyword.append(KeywordArgument(name: key, value: try parseExpression()))
            } else {
                guard arguments.star == nil, arguments.doubleStar == nil, arguments.keyword.isEmpty else {
                    throw invalid()
                }
                arguments.positional.append(try parseExpression())
            }
            requireComma = true
        }
        advance()
        return arguments
    }

    /// `| name(args) | name2 …`, or with `startInline` the first filter has no leading `|` (filter blocks).
    mutating func parseFilterChain(startInline: Bool) throws(TemplateError) -> [FilterCall] {
        var filters: [FilterCall] = []
        var inline = startInline
        while current.isOp("|") || inline {
            if !inline { advance() }
            inline = false
            let location = current.location
            var name = try expectName()
            while current.isOp(".") {
                advance()
                name += "." + (try expectName())
            }
            guard Filters.knownNames.contains(name) else { throw .syntax("no filter named '\(name)'", location) }
            let arguments = current.isOp("(") ? try parseCallArguments() : Arguments()
            filters.append(FilterCall(name: name, arguments: arguments, location: location))
        }
        return filters
    }

    private mutating func parseTest(_ node: Expr) throws(TemplateError) -> Expr {
        let isToken = advance()
        var negated = false
        if current.isName("not") {
            advance()
            negated = true
        }
        let location = current.location
        var name = try expectName()
        while current.isOp(".") {
            advance()
            name += "." + (try expectName())
        }
        guard Tests.knownNames.contains(name) else { throw .syntax("no test named '\(name)'", location) }
        var arguments = Arguments()
        if current.isOp("(") {
            arguments = try parseCallArguments()
        } else {
            var takesArgument = false
            switch current.kind {
            case .name(let n): takesArgument = !["else", "or", "and"].contains(n)
            case .string, .integer, .float, .op("("), .op("["), .op("{"): takesArgument = true
            default: break
            }
            if takesArgument {
                if current.isName("is") { throw .syntax("You cannot chain multiple tests with is", current.location) }
                arguments.positional = [try parsePostfix(try parsePrimary())]
            }
        }
        return Expr(kind: .test(node, TestCall(name: name, arguments: arguments, negated: negated)), location: isToken.location)
    }
}
