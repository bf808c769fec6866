/// An append-only set of distinct byte strings with dense ids (0, 1, 2 … in insertion order), looked up by a byte
/// slice without allocating. Used for the vocabulary (text → token id), the BPE symbol set and per-call word caches.
struct ByteStringTable: Sendable {
    /// Every string's bytes, concatenated in id order.
    private(set) var storage: [UInt8] = []
    /// Start of string `i` in `storage` is `offsets[i]`, its end `offsets[i + 1]`. [count + 1]
    private(set) var offsets: [Int32] = [0]
    /// Open-addressing slots holding ids, -1 when empty. [capacity], capacity a power of two.
    private var slots: [Int32]
    private var mask: Int
    /// Id of the empty string, if it was inserted (empty slices have no base address to hash).
    private var emptyID: Int32 = -1

    /// Number of strings.
    var count: Int { offsets.count - 1 }

    /// Creates an empty table sized for about `expectedCount` strings.
    init(expectedCount: Int = 16) {
        var capacity = 16
        while capacity < expectedCount * 2 { capacity <<= 1 }
        slots = [Int32](repeating: -1, count: capacity)
        mask = capacity - 1
    }

    /// A 64-bit hash of `count` bytes at `base`.
    @inline(__always)
    static func hash(_ base: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: count)
        var i = 0
        let raw = UnsafeRawPointer(base)
        while i + 8 <= count {
            let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            h = (h ^ word) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            i += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while i < count {
            tail |= UInt64(base[i]) << shift
            shift += 8
            i += 1
        }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 29
        return h
    }

    /// The id of the string equal to `count` bytes at `base` (nil only when `count` is 0), or -1.
    @inline(__always)
    func find(_ base: UnsafePointer<UInt8>?, _ count: Int) -> Int32 {
        guard let base, count > 0 else { return emptyID }
        return storage.withUnsafeBufferPointer { store in
            offsets.withUnsafeBufferPointer { offs in
                slots.withUnsafeBufferPointer { slots in
                    var index = Int(truncatingIfNeeded: Self.hash(base, count)) & mask
                    while true {
                        let id = slots[index]
                        if id < 0 { return -1 }
                        let start = Int(offs[Int(id)])
                        if Int(offs[Int(id) + 1]) - start == count,
                           let stored = store.baseAddress,
                           Self.equal(stored + start, base, count) {
                            return id
                        }
                        index = (index + 1) & mask
                    }
                }
            }
        }
    }

    /// The id of a slice, or -1.
    @inline(__always)
    func find(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32 { find(bytes.baseAddress, bytes.count) }

    /// The id of `bytes`, or -1.
    func find(_ bytes: [UInt8]) -> Int32 { bytes.withUnsafeBufferPointer { find($0) } }

    /// Adds `bytes` if absent. Returns its id and whether it was added.
    @discardableResult
    mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>) -> (id: Int32, inserted: Bool) {
        let existing = find(bytes)
        if existing >= 0 { return (existing, false) }
        let id = Int32(count)
        storage.append(contentsOf: bytes)
        offsets.append(Int32(storage.count))
        if bytes.isEmpty {
            emptyID = id
        } else if count * 2 > slots.count {
            rehash(capacity: slots.count * 2)
        } else {
            place(id)
        }
        return (id, true)
    }

    /// Adds `bytes` if absent. Returns its id and whether it was added.
    @discardableResult
    mutating func insert(_ bytes: [UInt8]) -> (id: Int32, inserted: Bool) {
        bytes.withUnsafeBufferPointer { insert($0) }
    }

    /// The bytes of string `id`.
    func bytes(_ id: Int32) -> ArraySlice<UInt8> {
        storage[Int(offsets[Int(id)])..<Int(offsets[Int(id) + 1])]
    }

    /// Byte length of string `id`.
    @inline(__always)
    func length(_ id: Int32) -> Int { Int(offsets[Int(id) + 1] - offsets[Int(id)]) }

    private mutating func place(_ id: Int32) {
        let start = Int(offsets[Int(id)])
        let length = Int(offsets[Int(id) + 1]) - start
        guard length > 0 else { return }
        let h: UInt64 = storage.withUnsafeBufferPointer { store in
            guard let base = store.baseAddress else { return 0 }
            return Self.hash(base + start, length)
        }
        var index = Int(truncatingIfNeeded: h) & mask
        while slots[index] >= 0 { index = (index + 1) & mask }
        slots[index] = id
    }

    private mutating func rehash(capacity: Int) {
        slots = [Int32](repeating: -1, count: capacity)
        mask = capacity - 1
        for id in 0..<Int32(count) { place(id) }
    }

    @inline(__always)
    private static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        var i = 0
        while i + 8 <= count {
            if UnsafeRawPointer(a).loadUnaligned(fromByteOffset: i, as: UInt64.self)
                != UnsafeRawPointer(b).loadUnaligned(fromByteOffset: i, as: UInt64.self) { return false }
            i += 8
        }
        while i < count {
            if a[i] != b[i] { return false }
            i += 1
        }
        return true
    }
}

/// Open-addressing map from a pair of 32-bit symbol ids to a 64-bit value (BPE merge ranks).
struct PairTable: Sendable {
    private static let emptyKey = UInt64.max
    private var keys: [UInt64]
    private var values: [UInt64]
    private var mask: Int
    private(set) var count = 0

    /// Creates a table sized for about `expectedCount` pairs.
    init(expectedCount: Int) {
        var capacity = 16
        while capacity < expectedCount * 2 { capacity <<= 1 }
        keys = [UInt64](repeating: Self.emptyKey, count: capacity)
        values = [UInt64](repeating: 0, count: capacity)
        mask = capacity - 1
    }

    @inline(__always)
    private static func key(_ a: Int32, _ b: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: a)) << 32 | UInt64(UInt32(bitPattern: b))
    }

    @inline(__always)
    private static func slot(_ key: UInt64, _ mask: Int) -> Int {
        var h = key &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 31
        return Int(truncatingIfNeeded: h) & mask
    }

    /// The value stored for `(a, b)`, or nil.
    @inline(__always)
    func value(_ a: Int32, _ b: Int32) -> UInt64? {
        let k = Self.key(a, b)
        return keys.withUnsafeBufferPointer { keys in
            var index = Self.slot(k, mask)
            while true {
                let stored = keys[index]
                if stored == k { return values[index] }
                if stored == Self.emptyKey { return nil }
                index = (index + 1) & mask
            }
        }
    }

    /// Stores `value` for `(a, b)` unless the pair is already present (the first value wins, as in llama.cpp).
    mutating func insertIfAbsent(_ a: Int32, _ b: Int32, _ value: UInt64) {
        if (count + 1) * 2 > keys.count { grow() }
        let k = Self.key(a, b)
        var index = Self.slot(k, mask)
        while keys[index] != Self.emptyKey {
            if keys[index] == k { return }
            index = (index + 1) & mask
        }
        keys[index] = k
        values[index] = value
        count += 1
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldValues = values
        keys = [UInt64](repeating: Self.emptyKey, count: oldKeys.count * 2)
        values = [UInt64](repeating: 0, count: oldKeys.count * 2)
        mask = keys.count - 1
        for (k, v) in zip(oldKeys, oldValues) where k != Self.emptyKey {
            var index = Self.slot(k, mask)
            while keys[index] != Self.emptyKey { index = (index + 1) & mask }
            keys[index] = k
            values[index] = v
        }
    }
}
