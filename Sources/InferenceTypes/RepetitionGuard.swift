/// The DRY ("don't repeat yourself") penalty: it lowers the logit of every token that would extend a sequence the
/// output already contains, by more the longer the repeat. It breaks the loops small models fall into ("I'm ready to
/// assist you. I'm ready to assist you. …") without touching the tokens a normal answer repeats (words, punctuation),
/// as a repetition penalty would.
///
/// For each candidate token `t`: `n` is the length of the longest suffix of the output that also occurs earlier,
/// directly followed by `t` (a match never runs across a sequence breaker: a line break, `:`, `"` or `*`, so
/// repeated structure such as list items is not penalised). When `n ≥ allowedLength`,
/// `logit[t] −= multiplier · base^(n − allowedLength)`.
///
/// Semantics follow the DRY sampler of llama.cpp and text-generation-webui (same parameter names on the wire:
/// `dry_multiplier`, `dry_base`, `dry_allowed_length`, `dry_penalty_last_n`), with one difference: only the
/// generated text counts, from the start of its current part (the reasoning trace, then the answer), never the
/// prompt, so an answer may restate the question and the answer may repeat what its trace concluded.
public struct RepetitionGuard: Sendable, Hashable {
    /// Scale of the penalty; 0 turns the guard off.
    public var multiplier: Double
    /// Growth of the penalty per extra repeated token (≥ 1).
    public var base: Double
    /// Repeats up to this many tokens long are free (≥ 1).
    public var allowedLength: Int
    /// How many of the most recent generated tokens are searched; 0 = all of the current part.
    public var window: Int

    /// A guard with the given values (defaults: DRY's recommended 0.8, 1.75, 2, the whole part).
    public init(multiplier: Double = 0.8, base: Double = 1.75, allowedLength: Int = 2, window: Int = 0) {
        self.multiplier = multiplier
        self.base = base
        self.allowedLength = allowedLength
        self.window = window
    }

    /// No guard.
    public static let off = RepetitionGuard(multiplier: 0)

    /// Whether the guard changes anything.
    public var isOn: Bool { multiplier > 0 }
}
