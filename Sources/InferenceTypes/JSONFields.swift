/// A field of a JSON request that is missing or has the wrong type or value, with its path (`messages[1].content`).
///
/// The API layers map `kind` to a status: wrong types and missing fields are schema errors (422 on OpenAI routes,
/// like xAI), invalid values are 400; Anthropic routes answer 400 for all of them.
public struct JSONFieldError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong with the field.
    public enum Kind: Sendable, Hashable {
        /// A required field is absent (or null).
        case missing
        /// The field has the wrong JSON type.
        case wrongType
        /// The type is right but the value is not allowed (out of range, unknown enum value, too many items).
        case invalidValue
    }

    /// Where the field is, e.g. `messages[1].content`; empty for the whole body.
    public var path: String
    /// What kind of problem it is.
    public var kind: Kind
    /// What was wrong, without the path (`expected string, got number`).
    public var message: String

    /// An error with every field given.
    public init(path: String, kind: Kind, message: String) {
        self.path = path
        self.kind = kind
        self.message = message
    }

    /// `path: message`.
    public var description: String { path.isEmpty ? message : "\(path): \(message)" }

    /// A field that had the wrong JSON type.
    public static func wrongType(_ path: String, expected: String, got value: JSONValue) -> JSONFieldError {
        JSONFieldError(path: path, kind: .wrongType, message: "expected \(expected), got \(value.typeName)")
    }

    /// A required field that is absent.
    public static func missing(_ path: String) -> JSONFieldError {
        JSONFieldError(path: path, kind: .missing, message: "Field required")
    }

    /// A field whose value is not allowed.
    public static func invalid(_ path: String, _ message: String) -> JSONFieldError {
        JSONFieldError(path: path, kind: .invalidValue, message: message)
    }
}

/// Typed, path-aware access to the fields of a JSON object, for hand-written request decoding.
///
/// A `null` value counts as absent for optional fields (clients often send `"stop": null`). Getters throw
/// `JSONFieldError` naming the field's full path.
public struct JSONFields: Sendable {
    /// The path of this object (`""` for the request body).
    public let path: String
    /// The object's members in document order.
    public let members: [(key: String, value: JSONValue)]

    /// Wraps `value`, which must be an object.
    public init(_ value: JSONValue, path: String = "") throws(JSONFieldError) {
        guard case .object(let pairs) = value else {
            throw .wrongType(path.isEmpty ? "body" : path, expected: "object", got: value)
        }
        self.path = path
        self.members = pairs
    }

    /// The path of member `key`.
    public func path(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The path of element `index` of member `key`.
    public func path(_ key: String, _ index: Int) -> String { "\(path(key))[\(index)]" }

    /// The raw value of `key`, or nil when it is absent or null.
    public func value(_ key: String) -> JSONValue? {
        guard let v = members.first(where: { $0.key == key })?.value, !v.isNull else { return nil }
        return v
    }

    /// True when `key` is present with a non-null value.
    public func has(_ key: String) -> Bool { value(key) != nil }

    /// A string member, or nil when absent or null.
    public func string(_ key: String) throws(JSONFieldError) -> String? {
        guard let v = value(key) else { return nil }
        guard case .string(let s) = v else { throw .wrongType(path(key), expected: "string", got: v) }
        return s
    }

    /// A string member that must be present.
    public func requiredString(_ key: String) throws(JSONFieldError) -> String {
        guard let s = try string(key) else { throw .missing(path(key)) }
        return s
    }

    /// A boolean member, or nil when absent or null.
    public func bool(_ key: String) throws(JSONFieldError) -> Bool? {
        guard let v = value(key) else { return nil }
        guard case .bool(let b) = v else { throw .wrongType(path(key), expected: "boolean", got: v) }
        return b
    }

    /// An integer (a number with no fractional part), optionally checked against `range`.
    public func int(_ key: String, in range: ClosedRange<Int64>? = nil) throws(JSONFieldError) -> Int64? {
        guard let v = value(key) else { return nil }
        guard let i = v.intValue else { throw .wrongType(path(key), expected: "integer", got: v) }
        if let range, !range.contains(i) {
            throw .invalid(path(key), "\(i) is out of range [\(range.lowerBound), \(range.upperBound)]")
        }
        return i
    }

    /// Any number, optionally checked against `range`.
    public func double(_ key: String, in range: ClosedRange<Double>? = nil) throws(JSONFieldError) -> Double? {
        guard let v = value(key) else { return nil }
        guard let d = v.doubleValue else { throw .wrongType(path(key), expected: "number", got: v) }
        if let range, !range.contains(d) {
            throw .invalid(path(key), "\(JSONValue.formatDouble(d)) is out of range [\(range.lowerBound), \(range.upperBound)]")
        }
        return d
    }

    /// An array member, or nil when absent or null.
    public func array(_ key: String) throws(JSONFieldError) -> [JSONValue]? {
        guard let v = value(key) else { return nil }
        guard case .array(let a) = v else { throw .wrongType(path(key), expected: "array", got: v) }
        return a
    }

    /// An array member that must be present.
    public func requiredArray(_ key: String) throws(JSONFieldError) -> [JSONValue] {
        guard let a = try array(key) else { throw .missing(path(key)) }
        return a
    }

    /// An object member as `JSONFields` with its path, or nil when absent or null.
    public func object(_ key: String) throws(JSONFieldError) -> JSONFields? {
        guard let v = value(key) else { return nil }
        return try JSONFields(v, path: path(key))
    }

    /// A string or an array of strings (OpenAI `stop`), as an array.
    public func strings(_ key: String) throws(JSONFieldError) -> [String]? {
        guard let v = value(key) else { return nil }
        switch v {
        case .string(let s): return [s]
        case .array(let items):
            var out: [String] = []
            for (i, item) in items.enumerated() {
                guard case .string(let s) = item else {
                    throw .wrongType(path(key, i), expected: "string", got: item)
                }
                out.append(s)
            }
            return out
        default: throw .wrongType(path(key), expected: "string or array of strings", got: v)
        }
    }
}
