import InferenceTypes

/// What the penalties remember about a sequence: the last `window` tokens (prompt and generated) for the repetition
/// penalty, and how often each token was generated for the presence and frequency penalties.
///
/// Every buffer is sized at init (to the window or the vocabulary), so recording and applying allocate nothing.
struct TokenHistory: Sendable {
    let vocabularySize: Int
    /// How many recent tokens the repetition penalty sees; 0 = the ring is unused.
    let window: Int
    /// Whether generated-token counts are kept (presence or frequency penalty on).
    let countsGenerated: Bool

    // [window] ring of the most recent tokens; the oldest is at ringStart once full.
    private var ring: [TokenID]
    private var ringStart = 0
    private var ringCount = 0
    // [vocabularySize] times each token was generated (empty when countsGenerated is false).
    private var counts: [Int32]
    // Distinct generated tokens in first-seen order. Capacity vocabularySize.
    private var generated: [TokenID]
    // [vocabularySize] stamp per token, to visit each token of the ring once per call (empty when no ring).
    private var stamps: [UInt32]
    private var epoch: UInt32 = 0

    /// Bounded by the vocabulary: the most distinct tokens one `apply` call can touch.
    var maxEditsPerCall: Int { (window > 0 ? Swift.min(window, vocabularySize) : 0) + (countsGenerated ? vocabularySize : 0) }

    init(vocabularySize: Int, window: Int, countsGenerated: Bool) {
        self.vocabularySize = vocabularySize
        self.window = window
        self.countsGenerated = countsGenerated
        ring = [TokenID](repeating: 0, count: window)
        counts = countsGenerated ? [Int32](repeating: 0, count: vocabularySize) : []
        generated = []
        if countsGenerated { generated.reserveCapacity(vocabularySize) }
        stamps = window > 0 ? [UInt32](repeating: 0, count: vocabularySize) : []
    }

    /// Records a token of the context (prompt): it enters the repetition window only. `id` must be in range.
    mutating func recordContext(_ id: TokenID) {
        guard window > 0 else { return }
        if ringCount < window {
            ring[(ringStart + ringCount) % window] = id
            ringCount += 1
        } else {
            ring[ringStart] = id
            ringStart = (ringStart + 1) % window
        }
    }

    /// Records a generated token: it enters the window and the generated counts. `id` must be in range.
    mutating func recordGenerated(_ id: TokenID) {
        recordContext(id)
        guard countsGenerated else { return }
        let i = Int(id)
        if counts[i] == 0 { generated.append(id) }
        if counts[i] < .max { counts[i] += 1 }
    }

    /// How many times `id` was generated (0 when counts are off).
    func generatedCount(of id: TokenID) -> Int { countsGenerated ? Int(counts[Int(id)]) : 0 }

    /// Applies the penalties to `logits` in place: first the repetition penalty to each distinct token of the window
    /// (a logit > 0 is divided by `repetition`, ≤ 0 multiplied), then `frequency × count + presence` is subtracted
    /// from each generated token. Calls `log(id, before)` before a token's first change in this call.
    /// - Parameter logits: `[vocabularySize]`, no NaN.
    mutating func apply(
        to logits: UnsafeMutableBufferPointer<Float>, repetition: Float, presence: Float, frequency: Float,
        log: (TokenID, Float) -> Void
    ) {
        if window > 0 && repetition != 1 && ringCount > 0 {
            epoch &+= 1
            if epoch == 0 {  // wrapped: forget every old stamp
                for i in stamps.indices { stamps[i] = 0 }
                epoch = 1
            }
            for k in 0..<ringCount {
                let id = ring[(ringStart + k) % window]
                let i = Int(id)
                if stamps[i] == epoch { continue }
                stamps[i] = epoch
                let x = logits[i]
                log(id, x)
                logits[i] = Self.finite(x > 0 ? x / repetition : x * repetition)
            }
        }
        if countsGenerated && (presence != 0 || frequency != 0) {
            for id in generated {
                let i = Int(id)
                let x = logits[i]
                log(id, x)
                logits[i] = Self.finite(x - (Float(counts[i]) * frequency + presence))
            }
        }
    }

    /// Keeps an edited logit usable: NaN → −∞, +∞ → the largest finite `Float` (−∞ stays −∞).
    @inline(__always)
    static func finite(_ x: Float) -> Float {
        if x.isNaN { return -.infinity }
        if x == .infinity { return .greatestFiniteMagnitude }
        return x
    }
}
