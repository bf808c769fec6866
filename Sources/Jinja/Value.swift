/// A value a template can see: the Python objects jinja2 templates work with.
///
/// Contexts are built from the data cases (`none` … `object`), usually through the literal conformances or
/// `Value(pairs:)`. `undefined` is what a template sees for a missing variable, key or attribute. `special` holds
/// objects that only exist while rendering (namespaces, macros, loop state, bound methods, tuples, generators);
/// they are opaque to callers.
public enum Value: Sendable {
    /// A missing variable or key. Prints as nothing; using it in most other ways is an error whose message is
    /// `hint` (e.g. "'dict object' has no attribute 'content'").
    case undefined(hint: String?)
    /// Python's `None`.
    case none
    /// `True` / `False`.
    case bool(Bool)
    /// A Python `int` (64-bit here; overflow is an error instead of a big integer).
    case int(Int)
    /// A Python `float`.
    case double(Double)
    /// A Python `str`. Lengths, indices and slices count Unicode scalars, as Python does.
    case string(String)
    /// A Python `list`.
    case array([Value])
    /// A Python `dict` with string keys, in insertion order.
    case object(ValueDictionary)
    /// A runtime-only object (namespace, macro, loop, method, tuple, generator).
    case special(SpecialValue)

    /// An undefined value with no hint.
    public static let missing = Value.undefined(hint: nil)

    /// Builds a dict from key–value pairs, keeping their order (a later duplicate key replaces the earlier value).
    public init(pairs: [(String, Value)]) {
        self = .object(ValueDictionary(pairs))
    }

    /// Builds a dict from a Swift dictionary; keys are sorted so the order is deterministic.
    public init(_ dictionary: [String: Value]) {
        self = .object(ValueDictionary(dictionary.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
    }

    /// Whether this is `undefined`.
    public var isUndefined: Bool {
        if case .undefined = self { return true }
        return false
    }

    /// Whether this is `none`.
    public var isNone: Bool {
        if case .none = self { return true }
        return false
    }

    /// The string payload, when this is a string.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }
}

/// An opaque runtime object: see `Value.special`.
public struct SpecialValue: Sendable {
    indirect enum Kind: Sendable {
        /// A `namespace()` object; its attributes live in the interpreter (index into its table).
        case namespace(Int)
        /// A macro (index into the interpreter's macro table).
        case macro(Int, name: String)
        /// A global function such as `range` or `raise_exception`.
        case builtin(BuiltinFunction)
        /// `receiver.name`, a method bound to its receiver.
        case method(Value, String)
        /// A method the sandbox forbids (`list.append` …); using it is a security error.
        case unsafeMethod(typeName: String, name: String)
        /// The `loop` variable of a for loop.
        case loop(LoopState)
        /// A Python tuple.
        case tuple([Value])
        /// A lazy iterator (generator, reverse iterator, dict view): iterable, but not indexable.
        case iterator([Value], IteratorKind)
    }

    let kind: Kind

    init(_ kind: Kind) { self.kind = kind }
}

/// The flavours of lazy iterables the jinja2 filters and dict methods return.
enum IteratorKind: Sendable, Equatable {
    /// A generator (`map`, `select`, `items` filter …): no length, not reversible.
    case generator(String)
    /// `reversed(list)`: no length.
    case reverseIterator
    /// `dict.items()`, `.keys()`, `.values()`: a sized, reversible view.
    case dictView(String)

    var hasLength: Bool {
        if case .dictView = self { return true }
        return false
    }
}

/// The state behind `loop.*` for one iteration.
struct LoopState: Sendable {
    var index0: Int
    var length: Int
    var previous: Value?
    var next: Value?
    /// 1-based nesting depth for recursive loops.
    var depth: Int
    /// The recursive loop this belongs to (index into the interpreter's table), if the loop is `recursive`.
    var recursion: Int?
}

/// The global functions every template can call.
enum BuiltinFunction: String, Sendable, CaseIterable {
    case range
    case namespace
    case dict
    case raiseException = "raise_exception"
    case strftimeNow = "strftime_now"
    case joiner
    case cycler
    case lipsum
}

extension Value {
    static func special(_ kind: SpecialValue.Kind) -> Value { .special(SpecialValue(kind)) }
    static func tuple(_ items: [Value]) -> Value { .special(.tuple(items)) }
}

extension Value: ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    /// A bool literal.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// An integer literal.
    public init(integerLiteral value: Int) { self = .int(value) }
    /// A float literal.
    public init(floatLiteral value: Double) { self = .double(value) }
    /// A string literal.
    public init(stringLiteral value: String) { self = .string(value) }
    /// A list literal.
    public init(arrayLiteral elements: Value...) { self = .array(elements) }
    /// A dict literal; key order is kept.
    public init(dictionaryLiteral elements: (String, Value)...) { self = .object(ValueDictionary(elements)) }
}
