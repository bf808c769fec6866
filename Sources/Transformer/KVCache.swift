/// Element type of the key/value cache.
public enum KVCacheType: Sendable, Hashable {
    /// IEEE half, llama.cpp's default: half the memory, keys and values rounded once when stored.
    case f16
    /// f32: exact, twice the memory.
    case f32

    /// Bytes per element.
    var elementBytes: Int {
        switch self {
        case .f16: 2
        case .f32: 4
        }
    }
}

/// Keys and values of every layer for a fixed number of sequence slots.
///
/// Each slot holds one sequence: positions `0 ..< length(slot)`. Per slot and layer, keys are
/// `[capacity, n_kv·head_k]` and values `[capacity, n_kv·head_v]`, row-major, in ``KVCacheType`` elements; position
/// `p` lives in row `p` — or, for a sliding-window layer with a ring, row `p % capacity`, where the ring holds the
/// window plus one batch (older positions are never read again).
///
/// - Important: Not thread-safe; owned by the model and mutated only inside its forward pass and slot operations.
final class KVCache {
    /// Element type.
    let type: KVCacheType
    /// Number of slots.
    let slotCount: Int
    /// Positions a slot can hold (the configured context length).
    let contextLength: Int
    /// Rows per layer: `contextLength`, or the ring size for sliding-window layers.
    let capacity: [Int]
    /// Whether layer `l` stores positions modulo its capacity.
    let isRing: [Bool]
    /// Elements per key row and per value row.
    let keyWidth: Int, valueWidth: Int
    /// Sliding window of ring layers (positions a query may look back, itself included).
    let window: Int

    /// `[slot][layer]` key storage.
    private var keys: [[UnsafeMutableRawPointer]]
    /// `[slot][layer]` value storage.
    private var values: [[UnsafeMutableRawPointer]]
    /// Positions held per slot.
    private(set) var lengths: [Int]
    /// Per slot, one past the highest position written since the slot was last cleared or truncated (what ring
    /// rows may have been overwritten with).
    private var highWater: [Int]

    /// Allocates the cache. Memory is reserved, not touched: pages are committed as positions are written.
    init(
        type: KVCacheType, slotCount: Int, contextLength: Int, hyperParameters hp: HyperParameters,
        maxBatchTokens: Int, slidingWindowRing: Bool
    ) {
        self.type = type
        self.slotCount = slotCount
        self.contextLength = contextLength
        keyWidth = hp.keyWidth
        valueWidth = hp.valueWidth
        window = hp.slidingWindow
        let ringRows = hp.slidingWindow + maxBatchTokens - 1
        var capacity: [Int] = []
        var isRing: [Bool] = []
        for layer in hp.layers {
            let ring = slidingWindowRing && layer.usesSlidingWindow && hp.slidingWindow > 0 && ringRows < contextLength
            capacity.append(ring ? ringRows : contextLength)
            isRing.append(ring)
        }
        self.capacity = capacity
        self.isRing = isRing
        let bytes = type.elementBytes
        keys = (0..<slotCount).map { _ in
            capacity.map { UnsafeMutableRawPointer.allocate(byteCount: max(1, $0 * hp.keyWidth * bytes), alignment: 64) }
        }
        values = (0..<slotCount).map { _ in
            capacity.map { UnsafeMutableRawPointer.allocate(byteCount: max(1, $0 * hp.valueWidth * bytes), alignment: 64) }
        }
        lengths = Array(repeating: 0, count: slotCount)
        highWater = Array(repeating: 0, count: slotCount)
    }

    deinit {
        for slot in keys { for p in slot { p.deallocate() } }
        for slot in values { for p in slot { p.deallocate() } }
    }

    /// Storage row of `position` in `layer`.
    @inline(__always)
    func row(_ position: Int, layer: Int) -> Int {
        isRing[layer] ? position % capacity[layer] : position
    }

    /// Start of the key row of `position` (`[keyWidth]` elements).
    @inline(__always)
    func keyRow(slot: Int, layer: Int, position: Int) -> UnsafeMutableRawPointer {
        keys[slot][layer] + row(position, layer: layer) * keyWidth * type.elementBytes
    }

    /// Start of the value row of `position` (`[valueWidth]` elements).
    @inline(__always)
    func valueRow(slot: Int, layer: Int, position: Int) -> UnsafeMutableRawPointer {
        values[slot][layer] + row(position, layer: layer) * valueWidth * type.elementBytes
    }

    /// `slot`'s keys and values of `layer`, resolved once for a loop over positions.
    @inline(__always)
    func view(slot: Int, layer: Int) -> KVLayerView {
        KVLayerView(
            keys: keys[slot][layer], values: values[slot][layer], keyRowBytes: keyWidth * type.elementBytes,
            valueRowBytes: valueWidth * type.elementBytes, ring: isRing[layer] ? capacity[layer] : 0)
    }

    /// Records that `slot` now holds positions `0 ..< length` (after a forward pass wrote them).
    func didWrite(slot: Int, length: Int) {
        lengths[slot] = length
        highWater[slot] = max(highWater[slot], length)
    }

    /// Empties a slot.
    func clear(slot: Int) {
        lengths[slot] = 0
        highWater[slot] = 0
    }

    /// Bytes reserved for keys and values of all slots and layers.
    var reservedBytes: Int {
        slotCount * capacity.reduce(0, +) * (keyWidth + valueWidth) * type.elementBytes
    }

    /// Whether a slot whose ring layers were last written up to `highWater` still holds every row a sequence of
    /// `length` positions needs to continue (its last `window − 1` positions). Always true without a ring.
    private func ringHolds(length: Int, highWater: Int) -> Bool {
        guard length > 0, let ring = capacity.enumerated().first(where: { isRing[$0.offset] })?.element else {
            return true
        }
        return max(0, length - window + 1) >= highWater - ring
    }

    /// Copies positions `0 ..< length` of every layer's keys and values from slot `source` to slot `target`,
    /// which then holds exactly those positions (whatever it held before is dropped). Ring layers copy only the rows
    /// the source still holds; the target then counts the source's high-water mark as its own, so later truncations
    /// of the target see the same limits.
    func copyPrefix(from source: Int, to target: Int, length: Int) throws(TransformerError) {
        guard source != target, length >= 0, length <= lengths[source] else {
            throw .truncationUnavailable(
                slot: target, length: length,
                reason: source == target ? "copying a prefix needs two different slots"
                    : "copying from slot \(source), which holds only \(lengths[source]) positions")
        }
        guard ringHolds(length: length, highWater: highWater[source]) else {
            throw .truncationUnavailable(
                slot: target, length: length,
                reason: "copying from slot \(source), whose sliding-window layers no longer hold the rows the prefix needs")
        }
        let bytes = type.elementBytes
        for layer in 0..<capacity.count {
            if isRing[layer] {
                // Positions older than the ring's content are never read again; copy row by row (rows wrap).
                let first = max(0, highWater[source] - capacity[layer])
                for p in first..<max(first, length) {
                    keyRow(slot: target, layer: layer, position: p).copyMemory(
                        from: keyRow(slot: source, layer: layer, position: p), byteCount: keyWidth * bytes)
                    valueRow(slot: target, layer: layer, position: p).copyMemory(
                        from: valueRow(slot: source, layer: layer, position: p), byteCount: valueWidth * bytes)
                }
            } else if length > 0 {
                keys[target][layer].copyMemory(from: keys[source][layer], byteCount: length * keyWidth * bytes)
                values[target][layer].copyMemory(from: values[source][layer], byteCount: length * valueWidth * bytes)
            }
        }
        lengths[target] = length
        highWater[target] = max(length, highWater[source])
    }

    /// Keeps positions `0 ..< length` of a slot. With a ring, the entries the shorter sequence still needs must not
    /// have been overwritten yet.
    func truncate(slot: Int, to length: Int) throws(TransformerError) {
        guard length >= 0, length <= lengths[slot] else {
            throw .truncationUnavailable(
                slot: slot, length: length, reason: "the slot holds only \(lengths[slot]) positions")
        }
        if !ringHolds(length: length, highWater: highWater[slot]),
            let ring = capacity.enumerated().first(where: { isRing[$0.offset] })?.element
        {
            throw .truncationUnavailable(
                slot: slot, length: length,
                reason: "its sliding-window layers keep only the last \(ring) positions written (from \(highWater[slot] - ring))")
        }
        lengths[slot] = length
        highWater[slot] = length
    }
}

/// One slot's keys and values of one layer (see ``KVCache/view(slot:layer:)``): a hot loop over positions reads rows
/// through it without going back to the cache's per-slot tables for every row.
struct KVLayerView {
    /// `[rows, keyWidth]` keys and `[rows, valueWidth]` values, in the cache's element type.
    let keys: UnsafeMutableRawPointer, values: UnsafeMutableRawPointer
    /// Bytes per key row and per value row.
    let keyRowBytes: Int, valueRowBytes: Int
    /// Rows of a ring layer (positions wrap modulo it), or 0 for a layer that stores every position.
    let ring: Int

    /// Storage row of `position`.
    @inline(__always)
    func row(_ position: Int) -> Int { ring > 0 ? position % ring : position }

    /// Start of the key row stored in `row`.
    @inline(__always)
    func keyRow(at row: Int) -> UnsafeMutableRawPointer { keys + row * keyRowBytes }

    /// Start of the value row stored in `row`.
    @inline(__always)
    func valueRow(at row: Int) -> UnsafeMutableRawPointer { values + row * valueRowBytes }
}
