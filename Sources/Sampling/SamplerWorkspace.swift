/// Scratch memory of one `Sampler`, allocated once at init and reused by every call, so sampling allocates nothing
/// per token.
///
/// - Important: not thread-safe by itself. `Sampler` replaces it with a fresh one before mutating whenever the
///   reference is shared (a copied sampler), so each workspace is used by one sampler call at a time.
final class SamplerWorkspace: @unchecked Sendable {
    /// Candidate slots: one per vocabulary token.
    let capacity: Int
    /// Candidate token ids. `[capacity]`
    let ids: UnsafeMutablePointer<Int32>
    /// Candidate logits after bias, penalties and mask (before temperature). `[capacity]`
    let logits: UnsafeMutablePointer<Float>
    /// Candidate weights `exp((logit − max) / T)`, so the best candidate has weight 1. `[capacity]`
    let weights: UnsafeMutablePointer<Float>

    /// Most edits one call can log (bias entries plus penalised tokens); 0 when logprobs are off.
    let editCapacity: Int
    /// Ids of logits changed in place by bias and penalties, in order. `[editCapacity]`
    let editIDs: UnsafeMutablePointer<Int32>
    /// The value each logged logit had before its first change. `[editCapacity]`
    let editOriginals: UnsafeMutablePointer<Float>
    /// How many edits this call logged.
    var editCount = 0

    /// The raw top-N tokens, best first. `[TopLogprobs.capacity]`
    let topIDs: UnsafeMutablePointer<Int32>
    /// Their raw (sanitised) logits. `[TopLogprobs.capacity]`
    let topLogits: UnsafeMutablePointer<Float>

    /// Buffers for `capacity` candidates and `editCapacity` logged edits.
    init(capacity: Int, editCapacity: Int) {
        self.capacity = capacity
        self.editCapacity = editCapacity
        ids = .allocate(capacity: capacity)
        logits = .allocate(capacity: capacity)
        weights = .allocate(capacity: capacity)
        editIDs = .allocate(capacity: Swift.max(1, editCapacity))
        editOriginals = .allocate(capacity: Swift.max(1, editCapacity))
        topIDs = .allocate(capacity: TopLogprobs.capacity)
        topLogits = .allocate(capacity: TopLogprobs.capacity)
    }

    deinit {
        ids.deallocate()
        logits.deallocate()
        weights.deallocate()
        editIDs.deallocate()
        editOriginals.deallocate()
        topIDs.deallocate()
        topLogits.deallocate()
    }

    /// A workspace of the same sizes (for a sampler that was copied).
    func makeFresh() -> SamplerWorkspace {
        SamplerWorkspace(capacity: capacity, editCapacity: editCapacity)
    }

    /// A view of the candidate slots, empty.
    var candidates: CandidateList {
        CandidateList(ids: ids, logits: logits, weights: weights, capacity: capacity)
    }

    /// Logs that `id` had value `original` before being changed (only while logging is enabled).
    @inline(__always)
    func logEdit(_ id: Int32, original: Float) {
        guard editCount < editCapacity else { return }
        editIDs[editCount] = id
        editOriginals[editCount] = original
        editCount += 1
    }

    /// The value `id` had before its first logged edit, or nil when it was not edited.
    func originalValue(of id: Int32) -> Float? {
        for i in 0..<editCount where editIDs[i] == id { return editOriginals[i] }
        return nil
    }
}
