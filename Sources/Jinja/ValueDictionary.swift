/// A Python `dict` with string keys: insertion-ordered, with O(1) lookup.
///
/// Keys compare by their exact code points (as in Python), not by Swift's canonical equivalence.
public struct ValueDictionary: Sendable, Sequence {
    /// The keys, in insertion order.
    public private(set) var keys: [String] = []
    /// The values, parallel to `keys`.
    public private(set) var values: [Value] = []
    private var index: [ExactKey: Int] = [:]

    /// An empty dict.
    public init() {}

    /// A dict from pairs in order; a later duplicate key replaces the earlier value in place.
    public init(_ pairs: [(String, Value)]) {
        keys.reserveCapacity(pairs.count)
        values.reserveCapacity(pairs.count)
        for (k, v) in pairs { self[k] = v }
    }

    /// The number of entries.
    public var count: Int { keys.count }
    /// Whether the dict is empty.
    public var isEmpty: Bool { keys.isEmpty }

    /// The value for `key`; setting `nil` is not supported (the sandbox never deletes keys) and is ignored.
    public subscript(key: String) -> Value? {
        get {
            guard let i = index[ExactKey(key)] else { return nil }
            return values[i]
        }
        set {
            guard let newValue else { return }
            if let i = index[ExactKey(key)] {
                values[i] = newValue
            } else {
                index[ExactKey(key)] = keys.count
                keys.append(key)
                values.append(newValue)
            }
        }
    }

    /// Whether `key` is present.
    public func contains(_ key: String) -> Bool { index[ExactKey(key)] != nil }

    /// Iterates `(key, value)` pairs in insertion order.
    public func makeIterator() -> AnyIterator<(key: String, value: Value)> {
        var i = 0
        let keys = self.keys
        let values = self.values
        return AnyIterator {
            guard i < keys.count else { return nil }
            defer { i += 1 }
            return (keys[i], values[i])
        }
    }
}

/// A string key compared and hashed by its UTF-8 bytes (Python's code point equality).
struct ExactKey: Hashable, Sendable {
    let string: String

    init(_ string: String) { self.string = string }

    static func == (a: ExactKey, b: ExactKey) -> Bool { a.string.utf8.elementsEqual(b.string.utf8) }

    func hash(into hasher: inout Hasher) {
        hasher.combine(string.utf8.count)
        for byte in string.utf8 { hasher.combine(byte) }
    }
}
