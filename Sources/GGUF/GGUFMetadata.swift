/// The key–value metadata of a GGUF file, in file order.
public struct GGUFMetadata: Sendable {
    /// Keys in the order the file lists them.
    public private(set) var keys: [String] = []
    private var values: [String: GGUFValue] = [:]

    public init() {}

    /// Adds or replaces a value (a replaced key keeps its position).
    public mutating func set(_ key: String, _ value: GGUFValue) {
        if values.updateValue(value, forKey: key) == nil { keys.append(key) }
    }

    public subscript(key: String) -> GGUFValue? { values[key] }

    /// Number of entries.
    public var count: Int { keys.count }

    /// A string value.
    public func string(_ key: String) -> String? { values[key]?.stringValue }

    /// Any integer value (converters write counts as u32 or u64, so every integer type is accepted).
    public func int(_ key: String) -> Int? { values[key]?.intValue }

    /// Any numeric value as `Double`.
    public func double(_ key: String) -> Double? { values[key]?.doubleValue }

    /// A boolean (an integer 0/1 is accepted too).
    public func bool(_ key: String) -> Bool? { values[key]?.boolValue }

    /// An array of strings.
    public func stringArray(_ key: String) -> [String]? { values[key]?.arrayValue?.strings }

    /// An array of numbers as `Float`.
    public func floatArray(_ key: String) -> [Float]? { values[key]?.arrayValue?.floats() }

    /// An array of integers.
    public func intArray(_ key: String) -> [Int]? { values[key]?.arrayValue?.ints() }
}
