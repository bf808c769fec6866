public import InferenceTypes
internal import Foundation

/// Chooses each next token of one sequence from the model's logits. The engine owns one per sequence.
///
/// The chain, in order (llama.cpp's order for bias, penalties and top-k; temperature comes before top-p and min-p as
/// in Hugging Face, whereas llama.cpp applies it last):
/// 1. **Sanitise**: NaN → −∞. If some logits are +∞, only those remain possible (uniformly).
/// 2. **Log-probabilities** (when asked): log-softmax of these raw logits, for the reported top-N now and for the
///    chosen token at the end. Bias, penalties, mask and temperature never change what is reported.
/// 3. **Forced token**: if the caller forces one, it is returned as is (no draw, no generator step).
/// 4. **Logit bias**: `logit += bias` (a −∞ logit stays −∞).
/// 5. **Repetition penalty** over the last `repetitionWindow` tokens, prompt included, each distinct token once:
///    a logit > 0 is divided by the penalty, one ≤ 0 multiplied.
/// 6. **Presence / frequency penalties** over generated tokens: `logit −= frequency × count + presence`; then the
///    **DRY penalty** (`RepetitionGuard`) on tokens that would extend a repeat of the current output part.
/// 7. **Constraint mask** (`ConstraintMode`): disallowed tokens → −∞, before the draw (`maskFirst`) or only when
///    the first draw was disallowed (`sampleFirst`).
/// 8. **Greedy** (temperature 0): the highest logit; on equal logits the **lowest token id wins**. Steps 9–13 are
///    skipped and the generator is not used.
/// 9. **Top-k**: the `k` highest logits (equal logits: lower id first).
/// 10. **Temperature**: weights `exp((logit − max) / T)`.
/// 11. **Top-p**: the smallest set of best tokens whose probability (weights over all tokens left after top-k)
///     reaches `p`. Ties are broken by lower id, so exactly that prefix is kept and a token equal to the last kept
///     one but with a higher id is dropped. At least one token is always kept, so `p = 0` keeps only the best.
/// 12. **Min-p**: drop tokens whose probability is below `minP ×` the best token's.
/// 13. **Draw**: one uniform `Double` in [0, 1) from the sampler's own xoshiro256** generator, against the running
///     sum of the remaining (renormalised) weights.
///
/// Same seed + same logits + same calls ⇒ same tokens, on every run and machine.
///
/// - Important: a `Sampler` is a value used by one sequence at a time; its methods are `mutating` and must not run
///   concurrently on the same instance. A copy is independent (its scratch memory is replaced on first use).
///   Scratch memory is allocated once at init (about 12 bytes per vocabulary token, plus 8 per token for each
///   penalty that needs counts and for logged edits when logprobs and penalties are both on); sampling a token
///   allocates nothing.
public struct Sampler: Sendable {
    /// The parameters this sampler was built with.
    public let parameters: SamplingParameters
    /// The number of tokens the logits cover.
    public let vocabularySize: Int
    /// The generator's seed: `parameters.seed`, or the random one chosen at init (report it to reproduce a run).
    public let seed: UInt64

    private var random: Xoshiro256StarStar
    private var history: TokenHistory
    private var dry: DRYPenalty?
    private var mask: TokenMask
    private var workspace: SamplerWorkspace
    // Logit bias as parallel arrays, ordered by token id.
    private let biasIDs: [TokenID]
    private let biasValues: [Float]

    private let isGreedy: Bool
    private let invTemperature: Float
    private let topK: Int  // 0 = off
    private let topP: Float  // 1 = off
    private let minP: Float  // 0 = off
    private let minPLevel: Float  // log(minP): the scaled-logit level of min-p (−∞ when off)
    private let repetitionPenalty: Float
    private let presencePenalty: Float
    private let frequencyPenalty: Float
    private let wantsLogprobs: Bool
    private let topCount: Int

    /// A sampler for a vocabulary of `vocabularySize` tokens.
    /// - Parameters:
    ///   - parameters: checked with `SamplingParameters.validate()`; logit bias ids must be in the vocabulary.
    ///   - prompt: the prompt's tokens, which enter the repetition-penalty window (same as `acceptPrompt`).
    ///   - sequenceBreakers: `[vocabularySize]` flags of the tokens a DRY repeat never spans (``DRYBreakers``);
    ///     empty = none. Only read when `parameters.repetitionGuard` is on.
    /// - Throws: `SamplingError.invalidVocabularySize`, `.invalidParameter`, or `.tokenOutOfRange`.
    public init(
        parameters: SamplingParameters, vocabularySize: Int, prompt: [TokenID] = [], sequenceBreakers: [Bool] = []
    ) throws(SamplingError) {
        guard vocabularySize > 0, vocabularySize <= Int(Int32.max) else {
            throw .invalidVocabularySize(vocabularySize)
        }
        do throws(SamplingParametersError) { try parameters.validate() } catch { throw .invalidParameter(error) }
        let bias = parameters.logitBias.sorted { $0.key < $1.key }
        for (id, _) in bias where Int(id) >= vocabularySize {
            throw .tokenOutOfRange(id: id, vocabularySize: vocabularySize, role: "logit_bias")
        }
        self.parameters = parameters
        self.vocabularySize = vocabularySize
        seed = parameters.seed ?? UInt64.random(in: .min ... .max)
        random = Xoshiro256StarStar(seed: seed)
        biasIDs = bias.map(\.key)
        biasValues = bias.map(\.value)

        let temperature = Float(parameters.temperature)
        invTemperature = temperature > 0 ? 1 / temperature : .infinity
        isGreedy = !invTemperature.isFinite
        topK = parameters.topK < vocabularySize ? parameters.topK : 0
        topP = Float(parameters.topP)
        minP = Float(parameters.minP)
        minPLevel = parameters.minP > 0 ? Float(Foundation.log(parameters.minP)) : -.infinity
        repetitionPenalty = Float(parameters.repetitionPenalty)
        presencePenalty = Float(parameters.presencePenalty)
        frequencyPenalty = Float(parameters.frequencyPenalty)
        wantsLogprobs = parameters.logprobs
        topCount = parameters.logprobs ? min(parameters.topLogprobs, TopLogprobs.capacity) : 0

        history = TokenHistory(
            vocabularySize: vocabularySize,
            window: parameters.repetitionPenalty != 1 ? parameters.repetitionWindow : 0,
            countsGenerated: parameters.presencePenalty != 0 || parameters.frequencyPenalty != 0)
        dry = parameters.repetitionGuard.isOn
            ? DRYPenalty(settings: parameters.repetitionGuard, breakers: sequenceBreakers) : nil
        mask = TokenMask(vocabularySize: vocabularySize)
        let dryEdits = dry == nil ? 0 : DRYPenalty.maxEditsPerCall
        let edits = wantsLogprobs ? biasIDs.count + history.maxEditsPerCall + dryEdits : 0
        workspace = SamplerWorkspace(capacity: vocabularySize, editCapacity: edits)
        try acceptPrompt(prompt)
    }

    // MARK: History

    /// Records prompt (context) tokens: they count for the repetition penalty's window, not for the presence and
    /// frequency penalties. Call once with the prompt, before generating.
    /// - Throws: `SamplingError.tokenOutOfRange` (nothing is recorded then).
    public mutating func acceptPrompt(_ tokens: [TokenID]) throws(SamplingError) {
        for id in tokens { try checkRange(id, role: "prompt") }
        for id in tokens { history.recordContext(id) }
    }

    /// Records a generated token for the penalties. `sample` does not record what it returns: call this with every
    /// token that is actually appended to the sequence (sampled or forced).
    /// - Throws: `SamplingError.tokenOutOfRange`.
    public mutating func accept(_ id: TokenID) throws(SamplingError) {
        try checkRange(id, role: "accepted")
        history.recordGenerated(id)
        dry?.record(id)
    }

    /// Starts a new part of the output for the DRY penalty: the tokens generated so far no longer count as repeats
    /// (the engine calls it when a reasoning trace closes, so the answer may restate what the trace concluded).
    public mutating func startOutputPart() {
        dry?.startPart()
    }

    /// How many times `id` has been accepted as generated (0 when presence and frequency penalties are off).
    public func generatedCount(of id: TokenID) -> Int {
        (0..<vocabularySize).contains(Int(id)) ? history.generatedCount(of: id) : 0
    }

    private func checkRange(_ id: TokenID, role: String) throws(SamplingError) {
        guard id >= 0, Int(id) < vocabularySize else {
            throw .tokenOutOfRange(id: id, vocabularySize: vocabularySize, role: role)
        }
    }

    // MARK: Sampling

    /// Chooses the next token from `logits` (see the type's documentation for the chain).
    /// - Parameters:
    ///   - logits: `[vocabularySize]` raw logits from the model. Modified in place (NaN → −∞, bias, penalties).
    ///   - forced: return exactly this token (its log-probability is still reported).
    /// - Throws: `SamplingError.logitsCountMismatch`, `.tokenOutOfRange` (forced), `.noViableToken`.
    public mutating func sample(
        logits: UnsafeMutableBufferPointer<Float>, forced: TokenID? = nil
    ) throws(SamplingError) -> SampledToken {
        try run(logits: logits, constraint: MaskConstraint?.none, mode: .sampleFirst, forced: forced)
    }

    /// Chooses the next token from `logits` among the tokens `constraint` allows.
    /// - Parameters:
    ///   - logits: `[vocabularySize]` raw logits. Modified in place (also: disallowed → −∞ when the mask is built).
    ///   - constraint: asked `allows(token:)` for the first choice, and `fillMask` only when needed (see `mode`).
    ///   - mode: `.sampleFirst` (llama.cpp's check-then-resample trick) or `.maskFirst`.
    ///   - forced: return exactly this token, without consulting the constraint.
    /// - Throws: as `sample(logits:forced:)`, plus `SamplingError.constraintAllowsNothing`.
    public mutating func sample(
        logits: UnsafeMutableBufferPointer<Float>, constraint: some TokenConstraint, mode: ConstraintMode = .sampleFirst,
        forced: TokenID? = nil
    ) throws(SamplingError) -> SampledToken {
        try run(logits: logits, constraint: constraint, mode: mode, forced: forced)
    }

    /// The distribution the next draw would use: every candidate left after the chain, with its renormalised
    /// probability, most likely first (ties: lower id first). Greedy gives the one chosen token with probability 1.
    /// Applies bias and penalties to `logits` in place as `sample` does, but draws nothing. Allocates; for tests and
    /// diagnostics.
    public mutating func distribution(
        logits: UnsafeMutableBufferPointer<Float>
    ) throws(SamplingError) -> [(id: TokenID, probability: Double)] {
        let max = try prepare(logits)
        if isGreedy { return [(greedyChoice(logits, max: max), 1)] }
        return filter(logits, max: max).distribution()
    }

    private mutating func run<C: TokenConstraint>(
        logits: UnsafeMutableBufferPointer<Float>, constraint: C?, mode: ConstraintMode, forced: TokenID?
    ) throws(SamplingError) -> SampledToken {
        guard logits.count == vocabularySize else {
            throw .logitsCountMismatch(expected: vocabularySize, actual: logits.count)
        }
        if let forced { try checkRange(forced, role: "forced") }
        if !isKnownUniquelyReferenced(&workspace) { workspace = workspace.makeFresh() }
        let ws = workspace
        ws.editCount = 0

        let rawMax = LogitMath.sanitizeAndMax(logits)
        var logSumExp = -Float.infinity
        var top = TopLogprobs()
        if wantsLogprobs {
            let raw = UnsafeBufferPointer(logits)
            logSumExp = LogitMath.logSumExp(raw, max: rawMax)
            let n = TopTokenSelection.select(raw, n: topCount, ids: ws.topIDs, values: ws.topLogits)
            for k in 0..<n { top.append(id: ws.topIDs[k], logprob: Self.logprob(ws.topLogits[k], logSumExp)) }
        }
        if let forced {
            let lp = wantsLogprobs ? Self.logprob(logits[Int(forced)], logSumExp) : nil
            return SampledToken(id: forced, logprob: lp, top: top)
        }
        guard rawMax > -.infinity else { throw .noViableToken }

        var max = applyEdits(logits) ? LogitMath.maximum(UnsafeBufferPointer(logits)) : rawMax
        guard max > -.infinity else { throw .noViableToken }
        var id: TokenID
        if let constraint, mode == .maskFirst {
            max = applyMask(of: constraint, to: logits)
            guard max > -.infinity else { throw .constraintAllowsNothing }
            id = choose(logits, max: max)
        } else {
            id = choose(logits, max: max)
            if let constraint, !constraint.allows(token: id) {
                max = applyMask(of: constraint, to: logits)
                guard max > -.infinity else { throw .constraintAllowsNothing }
                id = choose(logits, max: max)
            }
        }
        guard wantsLogprobs else { return SampledToken(id: id, top: top) }
        let raw = ws.originalValue(of: id) ?? logits[Int(id)]
        return SampledToken(id: id, logprob: Self.logprob(raw, logSumExp), top: top)
    }

    /// Steps 1, 4–6 without logprobs, for `distribution`: returns the maximum logit after edits.
    private mutating func prepare(_ logits: UnsafeMutableBufferPointer<Float>) throws(SamplingError) -> Float {
        guard logits.count == vocabularySize else {
            throw .logitsCountMismatch(expected: vocabularySize, actual: logits.count)
        }
        if !isKnownUniquelyReferenced(&workspace) { workspace = workspace.makeFresh() }
        workspace.editCount = 0
        let rawMax = LogitMath.sanitizeAndMax(logits)
        guard rawMax > -.infinity else { throw .noViableToken }
        let max = applyEdits(logits) ? LogitMath.maximum(UnsafeBufferPointer(logits)) : rawMax
        guard max > -.infinity else { throw .noViableToken }
        return max
    }

    @inline(__always)
    private static func logprob(_ raw: Float, _ logSumExp: Float) -> Float {
        logSumExp > -.infinity ? raw - logSumExp : -.infinity
    }

    /// Logit bias then penalties, in place, logging originals for the chosen token's logprob. Returns whether
    /// anything may have changed.
    private mutating func applyEdits(_ logits: UnsafeMutableBufferPointer<Float>) -> Bool {
        let ws = workspace
        for k in biasIDs.indices {
            let i = Int(biasIDs[k])
            ws.logEdit(biasIDs[k], original: logits[i])
            logits[i] = TokenHistory.finite(logits[i] + biasValues[k])
        }
        let penalises = (history.window > 0 && repetitionPenalty != 1)
            || (history.countsGenerated && (presencePenalty != 0 || frequencyPenalty != 0))
        if penalises {
            history.apply(
                to: logits, repetition: repetitionPenalty, presence: presencePenalty, frequency: frequencyPenalty,
                log: { ws.logEdit($0, original: $1) })
        }
        let guarded = dry?.apply(to: logits, log: { ws.logEdit($0, original: $1) }) ?? false
        return penalises || guarded || !biasIDs.isEmpty
    }

    /// Builds the constraint's full mask, applies it, and returns the new maximum.
    private mutating func applyMask(
        of constraint: some TokenConstraint, to logits: UnsafeMutableBufferPointer<Float>
    ) -> Float {
        mask.removeAll()
        constraint.fillMask(into: &mask)
        mask.clearBitsPastEnd()
        mask.apply(to: logits)
        return LogitMath.maximum(UnsafeBufferPointer(logits))
    }

    private func greedyChoice(_ logits: UnsafeMutableBufferPointer<Float>, max: Float) -> TokenID {
        TokenID(truncatingIfNeeded: LogitMath.firstIndex(of: max, in: UnsafeBufferPointer(logits)) ?? 0)
    }

    /// Steps 8–13 on logits whose maximum `max` is finite.
    private mutating func choose(_ logits: UnsafeMutableBufferPointer<Float>, max: Float) -> TokenID {
        if isGreedy { return greedyChoice(logits, max: max) }
        if topK == 0 && topP >= 1 && minP <= 0 {
            // No filter: the inverse CDF over the whole vocabulary in id order, without building candidates.
            let source = UnsafeBufferPointer(logits)
            let total = LogitMath.sumExp(source, offset: max, scale: invTemperature)
            let target = random.nextUnitDouble() * total
            if let i = LogitMath.drawIndex(source, max: max, invTemperature: invTemperature, target: target) {
                return TokenID(truncatingIfNeeded: i)
            }
            return greedyChoice(logits, max: max)
        }
        let candidates = filter(logits, max: max)
        return candidates.draw(unit: random.nextUnitDouble())
    }

    /// Top-k up to this size is found by one pass of sorted insertion; larger k by counting, collecting and
    /// partial selection (quickselect).
    static var insertionTopK: Int { 64 }

    /// The logit threshold for tokens whose scaled logit `(x − max) / T` is at least `level` (a little looser, so
    /// rounding never drops a token that belongs; the exact weight filters run afterwards).
    private func threshold(forLevel level: Float, max: Float) -> Float {
        level > -.infinity ? max + (level - 1e-3) / invTemperature : -.infinity
    }

    /// Steps 9–12: fills the workspace's candidate list with the tokens left and their weights.
    ///
    /// Nothing sorts or copies the vocabulary: a small top-k keeps a sorted list of the best k seen in one pass; a
    /// larger one first counts logits within a few distances of the maximum and collects only the closest group
    /// holding k; top-p first measures the mass above a few weight levels and
    /// collects only the tightest level holding p, then bisects on the logit threshold; min-p collects the tokens
    /// above its own level.
    private func filter(_ logits: UnsafeMutableBufferPointer<Float>, max: Float) -> CandidateList {
        let source = UnsafeBufferPointer(logits)
        var c = workspace.candidates
        if topK > 0 && topK <= Self.insertionTopK {
            c.collectBest(topK, from: source)
            let total = c.computeWeights(max: max, invTemperature: invTemperature)
            if topP < 1 { c.keepBest(mass: Double(topP) * total) }
        } else if topK > 0 {
            let counts = LogitMath.countAbove(source, max: max)
            var cutoff = -Float.infinity
            for k in 0..<8 where Int(counts[k]) >= topK {
                cutoff = max - LogitMath.countDistances[k]
                break
            }
            c.collect(from: source, atLeast: cutoff)
            c.keepBest(topK)
            let total = c.computeWeights(max: max, invTemperature: invTemperature)
            if topP < 1 { c.keepBest(mass: Double(topP) * total) }
        } else if topP < 1 {
            let (total, massAbove) = LogitMath.weightLevels(source, max: max, invTemperature: invTemperature)
            let target = Double(topP) * total
            var level = -Float.infinity
            for k in 0..<8 where massAbove[k] >= target {
                level = LogitMath.weightLevelExponents[k]
                break
            }
            let chosen = Swift.max(level, minPLevel)
            c.collect(from: source, atLeast: threshold(forLevel: chosen, max: max))
            let kept = c.computeWeights(max: max, invTemperature: invTemperature)
            if chosen > minPLevel && kept < target {  // rounding at the level's edge: widen to everything
                c.collect(from: source, atLeast: threshold(forLevel: minPLevel, max: max))
                _ = c.computeWeights(max: max, invTemperature: invTemperature)
            }
            c.keepBestInIDOrder(mass: target)
        } else {
            c.collect(from: source, atLeast: threshold(forLevel: minPLevel, max: max))
            _ = c.computeWeights(max: max, invTemperature: invTemperature)
        }
        if minP > 0 { c.keepWeights(atLeast: minP) }
        return c
    }
}
