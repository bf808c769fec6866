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
    public func stringArray(_ key: String) -> [String]? {
        guard let items = values[key]?.arrayValue else { return nil }
        var out: [String] = []
        out.reserveCapacity(items.count)
        for item in items {
            guard case .string(let s) = item else { return nil }
            out.append(s)
        }
        return out
    }

    /// An array of numbers as `Float`.
    public func floatArray(_ key: String) -> [Float]? {
        guard let items = values[key]?.arrayValue else { return nil }
        var out: [Float] = []
        out.reserveCapacity(items.count)
        for item in items {
            guard let d = item.doubleValue else { return nil }
            out.append(Float(d))
        }
        return out
    }

    /// An array of integers as `Int`.
    public func intArray(_ key: String) -> [Int]? {
        guard let items = values[key]?.arrayValue else { return nil }
        var out: [Int] = []
        out.reserveCapacity(items.count)
        for item in items {
            guard let i = item.intValue else { return nil }
            out.append(i)
        }
        return out
    }
}
