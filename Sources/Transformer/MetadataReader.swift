import GGUF

/// Reads `{arch}.…` hyperparameter keys from GGUF metadata with typed errors naming the key.
///
/// Converters do not agree on integer widths (u32 or u64) or on float widths, so any integer type is accepted for
/// counts and any numeric type for floats.
struct MetadataReader {
    /// The file's metadata.
    let metadata: GGUFMetadata
    /// `general.architecture`, the prefix of every architecture key.
    let architecture: String

    /// `"{arch}.{suffix}"`.
    func key(_ suffix: String) -> String { "\(architecture).\(suffix)" }

    /// A required count; must be positive.
    func count(_ suffix: String) throws(TransformerError) -> Int {
        let key = key(suffix)
        guard let value = scalarOrUniformInt(key) else { throw .missingMetadata(key: key) }
        guard value > 0 else { throw .invalidMetadata(key: key, value: "\(value)", reason: "must be positive") }
        return value
    }

    /// An optional count; must be positive when present.
    func count(_ suffix: String, default fallback: Int) throws(TransformerError) -> Int {
        let key = key(suffix)
        guard metadata[key] != nil else { return fallback }
        guard let value = scalarOrUniformInt(key) else {
            throw .invalidMetadata(key: key, value: shown(key), reason: "not an integer")
        }
        guard value > 0 else { throw .invalidMetadata(key: key, value: "\(value)", reason: "must be positive") }
        return value
    }

    /// An optional per-layer count: a scalar for every layer, or an array of `layers` values.
    func perLayerCount(_ suffix: String, layers: Int) throws(TransformerError) -> [Int] {
        let key = key(suffix)
        if let value = metadata.int(key) {
            guard value > 0 else { throw .invalidMetadata(key: key, value: "\(value)", reason: "must be positive") }
            return Array(repeating: value, count: layers)
        }
        guard let values = metadata.intArray(key) else { throw .missingMetadata(key: key) }
        guard values.count == layers else {
            throw .invalidMetadata(key: key, value: "\(values.count) values", reason: "expected one per layer (\(layers))")
        }
        guard values.allSatisfy({ $0 > 0 }) else {
            throw .invalidMetadata(key: key, value: "\(values)", reason: "every value must be positive")
        }
        return values
    }

    /// A required float.
    func float(_ suffix: String) throws(TransformerError) -> Float {
        let key = key(suffix)
        guard let value = metadata.double(key) else { throw .missingMetadata(key: key) }
        guard value.isFinite else { throw .invalidMetadata(key: key, value: "\(value)", reason: "not finite") }
        return Float(value)
    }

    /// An optional float.
    func float(_ suffix: String, default fallback: Float) throws(TransformerError) -> Float {
        let key = key(suffix)
        guard metadata[key] != nil else { return fallback }
        guard let value = metadata.double(key), value.isFinite else {
            throw .invalidMetadata(key: key, value: shown(key), reason: "not a finite number")
        }
        return Float(value)
    }

    /// An optional string.
    func string(_ suffix: String) -> String? { metadata.string(key(suffix)) }

    /// Whether the key is present.
    func has(_ suffix: String) -> Bool { metadata[key(suffix)] != nil }

    /// The stored value of `key` for messages.
    private func shown(_ key: String) -> String {
        metadata[key].map { "\($0)" } ?? "(absent)"
    }

    /// An integer stored as a scalar, or as an array whose values are all equal.
    private func scalarOrUniformInt(_ key: String) -> Int? {
        if let value = metadata.int(key) { return value }
        if let values = metadata.intArray(key), let first = values.first, values.allSatisfy({ $0 == first }) {
            return first
        }
        return nil
    }
}
