/// The parsed form of a template: statements (`Node`) holding expressions (`Expr`).
///
/// Everything here is an immutable value, so a parsed `Template` can be shared across threads and rendered many
/// times.

/// An expression with the place it starts in the source.
struct Expr: Sendable {
    indirect enum Kind: Sendable {
        case literal(Value)
        case name(String)
        case list([Expr])
        case tuple([Expr])
        case dict([DictEntry])
        /// `obj.name`: attribute first, then item (jinja2's `getattr`).
        case attribute(Expr, String)
        /// `obj[key]`: item first, then attribute (jinja2's `getitem`).
        case item(Expr, Expr)
        case slice(Expr, start: Expr?, stop: Expr?, step: Expr?)
        case call(Expr, Arguments)
        case filter(Expr, FilterCall)
        case test(Expr, TestCall)
        case negate(Expr)
        case plus(Expr)
        case binary(BinaryOperator, Expr, Expr)
        /// `a ~ b ~ c`: string concatenation.
        case concat([Expr])
        /// `a < b <= c`: a comparison chain.
        case compare(Expr, [Comparison])
        case and(Expr, Expr)
        case or(Expr, Expr)
        case not(Expr)
        /// `then if test else otherwise`; a missing `else` yields undefined.
        case conditional(test: Expr, then: Expr, otherwise: Expr?)
    }

    var kind: Kind
    var location: SourceLocation
}

/// One `key: value` pair of a dict literal.
struct DictEntry: Sendable {
    var key: Expr
    var value: Expr
}

/// One `op rhs` step of a comparison chain.
struct Comparison: Sendable {
    var op: ComparisonOperator
    var rhs: Expr
}

/// Arithmetic operators.
enum BinaryOperator: String, Sendable {
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case floorDivide = "//"
    case modulo = "%"
    case power = "**"
}

/// Comparison operators, including membership.
enum ComparisonOperator: String, Sendable {
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case `in` = "in"
    case notIn = "not in"
}

/// The arguments of a call, filter or test.
struct Arguments: Sendable {
    var positional: [Expr] = []
    var keyword: [KeywordArgument] = []
    /// `*args`
    var star: Expr?
    /// `**kwargs`
    var doubleStar: Expr?
}

/// `name=value` in an argument list.
struct KeywordArgument: Sendable {
    var name: String
    var value: Expr
}

/// `| name(args)`
struct FilterCall: Sendable {
    var name: String
    var arguments: Arguments
    var location: SourceLocation
}

/// `is [not] name args`
struct TestCall: Sendable {
    var name: String
    var arguments: Arguments
    var negated: Bool
}

/// The left-hand side of `set`, `for` and `with`.
indirect enum AssignTarget: Sendable {
    case name(String)
    case tuple([AssignTarget])
    /// `ns.attr` (only namespaces can be assigned into).
    case attribute(namespace: String, attribute: String)
}

/// A statement or piece of text.
indirect enum Node: Sendable {
    case text(String)
    case output(Expr)
    case conditional(IfNode)
    case forLoop(ForNode)
    case set(AssignTarget, Expr, SourceLocation)
    case setBlock(AssignTarget, filters: [FilterCall], body: [Node], SourceLocation)
    case macro(MacroNode)
    case callBlock(CallBlockNode)
    case filterBlock([FilterCall], body: [Node])
    case with([WithAssignment], body: [Node])
    case breakLoop
    case continueLoop
}

/// `if` / `elif` / `else`.
struct IfNode: Sendable {
    var branches: [IfBranch]
    var otherwise: [Node]
}

/// One `if` or `elif` arm.
struct IfBranch: Sendable {
    var condition: Expr
    var body: [Node]
}

/// `for target in iterable [if filter] [recursive]` … `else` … `endfor`.
struct ForNode: Sendable {
    var target: AssignTarget
    var iterable: Expr
    var filter: Expr?
    var body: [Node]
    var otherwise: [Node]
    var recursive: Bool
    var location: SourceLocation
}

/// A macro definition; also used for the anonymous `caller` of a call block.
struct MacroNode: Sendable {
    var name: String
    var parameters: [MacroParameter]
    var body: [Node]
    /// Whether the body mentions `varargs`, `kwargs` or `caller`; jinja2 rejects extra arguments otherwise.
    var usesVarargs: Bool
    var usesKwargs: Bool
    var usesCaller: Bool
    var location: SourceLocation
}

/// One macro parameter with its optional default.
struct MacroParameter: Sendable {
    var name: String
    var defaultValue: Expr?
}

/// `{% call(params) macro(args) %}body{% endcall %}`.
struct CallBlockNode: Sendable {
    /// The call expression; the caller is passed to it as the `caller` keyword.
    var call: Expr
    var caller: MacroNode
}

/// One `name = value` of a `with` statement.
struct WithAssignment: Sendable {
    var target: AssignTarget
    var value: Expr
}
