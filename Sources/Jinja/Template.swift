/// How template source is turned into text: jinja2 environment settings that affect whitespace.
public struct TemplateOptions: Sendable, Hashable {
    /// Remove the first newline after a block or comment tag.
    public var trimBlocks: Bool
    /// Strip spaces and tabs from the start of a line up to a block or comment tag.
    public var lstripBlocks: Bool
    /// Keep one trailing newline of the source (jinja2 removes it by default).
    public var keepTrailingNewline: Bool

    /// Creates options; the defaults are Hugging Face's chat-template settings.
    public init(trimBlocks: Bool = true, lstripBlocks: Bool = true, keepTrailingNewline: Bool = false) {
        self.trimBlocks = trimBlocks
        self.lstripBlocks = lstripBlocks
        self.keepTrailingNewline = keepTrailingNewline
    }

    /// Hugging Face's `apply_chat_template` environment: `trim_blocks` and `lstrip_blocks` on.
    public static let huggingFace = TemplateOptions()
    /// A plain `jinja2.Environment()`.
    public static let jinja2Defaults = TemplateOptions(trimBlocks: false, lstripBlocks: false)
}

/// What a render may depend on besides its variables: the clock and safety limits.
public struct RenderEnvironment: Sendable {
    /// The clock behind `strftime_now`.
    public var now: @Sendable () -> LocalDateTime
    /// The deepest allowed nesting of macro calls (and recursive loops).
    public var maxCallDepth: Int
    /// The most loop iterations one render may run, a guard against runaway templates.
    public var maxLoopIterations: Int
    /// The longest output (in UTF-8 bytes) one render may produce, including captured blocks and macro results.
    public var maxOutputLength: Int
    /// The most bytes of strings and lists one render may build: every string or list an operation, filter or call
    /// returns counts (strings by UTF-8 length, lists by items × the size of a value), so that a template can
    /// neither hold nor churn through more memory than this, whatever its loops.
    public var maxBuiltBytes: Int

    /// Creates an environment; by default the clock is the machine's local time.
    public init(
        now: @escaping @Sendable () -> LocalDateTime = { LocalDateTime.now() }, maxCallDepth: Int = 200,
        maxLoopIterations: Int = 10_000_000, maxOutputLength: Int = 64 << 20, maxBuiltBytes: Int = 1 << 30
    ) {
        self.now = now
        self.maxCallDepth = maxCallDepth
        self.maxLoopIterations = maxLoopIterations
        self.maxOutputLength = maxOutputLength
        self.maxBuiltBytes = maxBuiltBytes
    }

    /// An environment whose clock always reads `time`.
    public static func frozen(at time: LocalDateTime) -> RenderEnvironment {
        RenderEnvironment(now: { time })
    }
}

/// A parsed Jinja template, rendered with Python jinja2's semantics as Hugging Face configures it.
///
/// Parse once, render many times: a `Template` is an immutable value and can be shared across tasks.
///
/// ```swift
/// let template = try Template("{% for m in messages %}{{ m.role }}: {{ m.content }}\n{% endfor %}")
/// let text = try template.render(["messages": [["role": "user", "content": "Hi"]]])
/// ```
public struct Template: Sendable {
    let nodes: [Node]
    /// The options the source was parsed with.
    public let options: TemplateOptions

    /// Parses `source`; throws a `.syntax` error with line and column when it is malformed.
    public init(_ source: String, options: TemplateOptions = .huggingFace) throws(TemplateError) {
        let tokens = try Lexer.tokenize(
            source, trimBlocks: options.trimBlocks, lstripBlocks: options.lstripBlocks,
            keepTrailingNewline: options.keepTrailingNewline)
        self.nodes = try Parser.parse(tokens)
        self.options = options
    }

    /// Renders with the given variables.
    ///
    /// Throws `.runtime` errors where jinja2 would raise (undefined values used, type errors …) and `.raised`
    /// errors carrying the message of a `raise_exception` call.
    public func render(_ context: [String: Value], environment: RenderEnvironment = RenderEnvironment())
        throws(TemplateError) -> String
    {
        let interpreter = Interpreter(environment: environment)
        var out = ""
        _ = try interpreter.execute(nodes, in: Scope(variables: context), into: &out)
        return out
    }

    /// Renders with the variables of an ordered dict.
    public func render(_ context: ValueDictionary, environment: RenderEnvironment = RenderEnvironment())
        throws(TemplateError) -> String
    {
        var variables: [String: Value] = [:]
        for (key, value) in context { variables[key] = value }
        return try render(variables, environment: environment)
    }
}
