public import InferenceTypes
internal import Foundation

/// The state of a ``RepetitionGuard`` (DRY) for one sequence: the generated tokens of the current part (trace or
/// answer), newest last, and the sequence breakers of the vocabulary.
///
/// The search, per sampled token, looks at every earlier position whose token equals the newest one and walks back
/// while the two suffixes agree: O(window) comparisons when nothing repeats, O(window × longest match) inside a loop;
/// matches stop at `maxMatch` tokens, past which the penalty is beyond any logit anyway. Nothing allocates after
/// init: the candidates found are kept in a small fixed list.
struct DRYPenalty {
    let settings: RepetitionGuard
    /// `[vocabularySize]`: whether the token's text contains a sequence breaker (empty: none are).
    private let breakers: [Bool]
    /// Generated tokens of the current part, oldest first (trimmed to the window).
    private var tokens: [TokenID] = []
    /// Candidates and their longest match, at most `maxCandidates`.
    private var found: [(id: TokenID, length: Int)] = []

    /// Longest match measured (1.75^62 is far past any logit).
    static let maxMatch = 64
    /// Most distinct penalised candidates per step (a loop has one or two).
    static let maxCandidates = 64

    init(settings: RepetitionGuard, breakers: [Bool]) {
        self.settings = settings
        self.breakers = breakers
        let window = settings.window > 0 ? settings.window : 4096
        tokens.reserveCapacity(Swift.min(window, 4096) + 1)
        found.reserveCapacity(Self.maxCandidates)
    }

    /// Most edits one `apply` makes (for the sampler's log of original logits).
    static var maxEditsPerCall: Int { maxCandidates }

    /// Records a generated token.
    mutating func record(_ id: TokenID) {
        tokens.append(id)
        if settings.window > 0 && tokens.count > settings.window { tokens.removeFirst(tokens.count - settings.window) }
    }

    /// Forgets the tokens recorded so far: the next part of the output (the answer after its trace) starts afresh.
    mutating func startPart() { tokens.removeAll(keepingCapacity: true) }

    private func isBreaker(_ id: TokenID) -> Bool {
        let i = Int(id)
        return i >= 0 && i < breakers.count && breakers[i]
    }

    /// Lowers the logits of the tokens that would extend a repeat (see ``RepetitionGuard``). Calls `log` with each
    /// token's logit before its first change. Returns whether anything changed.
    mutating func apply(to logits: UnsafeMutableBufferPointer<Float>, log: (TokenID, Float) -> Void) -> Bool {
        let count = tokens.count
        let allowed = settings.allowedLength
        guard settings.isOn, count > allowed, let last = tokens.last, !isBreaker(last) else { return false }
        found.removeAll(keepingCapacity: true)
        tokens.withUnsafeBufferPointer { t in
            // Position p holds a candidate: the suffix ending at p − 1 is compared with the suffix ending at the end.
            for p in stride(from: count - 1, through: allowed, by: -1) where t[p - 1] == last {
                var n = 0
                while n < p && n < Self.maxMatch && t[p - 1 - n] == t[count - 1 - n] && !isBreaker(t[count - 1 - n]) {
                    n += 1
                }
                guard n >= allowed else { continue }
                let id = t[p]
                if let k = found.firstIndex(where: { $0.id == id }) {
                    found[k].length = Swift.max(found[k].length, n)
                } else if found.count < Self.maxCandidates {
                    found.append((id, n))
                }
            }
        }
        var changed = false
        for (id, n) in found where Int(id) < logits.count {
            let i = Int(id)
            guard logits[i] > -.infinity else { continue }
            let penalty = settings.multiplier * pow(settings.base, Double(n - allowed))
            log(id, logits[i])
            logits[i] = TokenHistory.finite(logits[i] - Float(Swift.min(penalty, 1e30)))
            changed = true
        }
        return changed
    }
}

/// Which tokens of a vocabulary are DRY sequence breakers: those whose text contains a line break, `:`, `"` or `*`
/// (DRY's default breakers), so a repeat never spans them.
public enum DRYBreakers {
    /// `[count]` flags for the tokens `0..<count`, whose bytes `bytes(id)` returns.
    public static func flags(count: Int, bytes: (TokenID) -> [UInt8]) -> [Bool] {
        (0..<count).map { id in
            bytes(TokenID(truncatingIfNeeded: id)).contains { $0 == 0x0A || $0 == 0x3A || $0 == 0x22 || $0 == 0x2A }
        }
    }
}
