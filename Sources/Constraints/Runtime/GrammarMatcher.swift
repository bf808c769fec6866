public import InferenceTypes

/// Grammar state for one sequence: which tokens may come next, and what has been generated so far.
///
/// A value type; copy it to fork a sequence (copies share a memo of grammar configurations but advance
/// independently). Deterministic: the same grammar, vocabulary and tokens always give the same answers.
///
/// Per step, a sampler can either
/// - sample without the grammar and check only the chosen token with ``allows(token:)`` (O(token length)),
///   building the full mask with ``fillMask(into:)`` only when that token is rejected; or
/// - always build the full mask first.
///
/// End-of-generation tokens are allowed exactly when ``isComplete``; special tokens never are. When
/// ``isComplete`` is true and ``canContinue`` is false, the only allowed tokens are end-of-generation ones.
///
/// - Important: a matcher may be used from any thread, but one matcher (and its copies) serialise their calls on
///   a shared lock. Give each sequence its own matcher.
public struct GrammarMatcher: Sendable {
    /// The vocabulary index this matcher checks tokens against.
    public let vocabulary: ConstraintVocabulary
    let cache: ConfigurationCache
    private(set) var current: Int32
    private(set) var accepting: Bool
    private var consuming: Bool
    /// Whether an end-of-generation token has been accepted (nothing more is allowed).
    public private(set) var isTerminated = false
    /// Per budgeted segment, its token budget.
    private let budgets: [Int]
    /// Per budgeted segment, tokens started inside it since the sequence last entered it.
    private var budgetUsed: [Int]

    /// A matcher at the start of `grammar`.
    public init(grammar: CompiledGrammar, vocabulary: ConstraintVocabulary) {
        self.vocabulary = vocabulary
        let cache = ConfigurationCache(grammar: grammar)
        self.cache = cache
        self.current = cache.initial
        let flags = cache.withSpace { s in (s.setAccepting[Int(cache.initial)], s.canConsume(cache.initial)) }
        self.accepting = flags.0
        self.consuming = flags.1
        self.budgets = grammar.segments.map(\.maxTokens)
        self.budgetUsed = [Int](repeating: 0, count: budgets.count)
        if !budgets.isEmpty { chargeBudgets(startedIn: ConfigurationSpace.dead) }
    }

    /// Whether the text so far is a complete sentence of the grammar (end-of-generation is allowed).
    public var isComplete: Bool { accepting && !isTerminated }

    /// Whether more text may follow.
    public var canContinue: Bool { consuming && !isTerminated }

    /// Whether `token` may be generated next. O(token length) once the configurations it meets are cached.
    public func allows(token: TokenID) -> Bool {
        if isTerminated { return false }
        let i = Int(token)
        guard i >= 0, i < vocabulary.count else { return false }
        switch vocabulary.kind[i] {
        case ConstraintVocabulary.endOfGenerationKind: return accepting
        case ConstraintVocabulary.ordinary:
            let bytes = vocabulary.bytes(of: token)
            let from = current
            return cache.withSpace { $0.run(from, bytes) } != ConfigurationSpace.dead
        default: return false
        }
    }

    /// Advances past `token`; returns `false` (and changes nothing) when it is not allowed.
    @discardableResult
    public mutating func accept(token: TokenID) -> Bool {
        if isTerminated { return false }
        let i = Int(token)
        guard i >= 0, i < vocabulary.count else { return false }
        switch vocabulary.kind[i] {
        case ConstraintVocabulary.endOfGenerationKind:
            guard accepting else { return false }
            isTerminated = true
            return true
        case ConstraintVocabulary.ordinary:
            let from = current
            guard advance(vocabulary.bytes(of: token)) else { return false }
            if !budgets.isEmpty { chargeBudgets(startedIn: from) }
            return true
        default:
            return false
        }
    }

    /// Advances past raw bytes (forced text, tests); returns `false` (and changes nothing) when not allowed.
    @discardableResult
    public mutating func accept(bytes: [UInt8]) -> Bool {
        if isTerminated { return false }
        let from = current
        guard advance(bytes[...]) else { return false }
        if !budgets.isEmpty { chargeBudgets(startedIn: from) }
        return true
    }

    /// Counts one token against every budgeted segment it started inside (configuration `from`), and makes each
    /// segment whose budget is spent finish: its stacks may only complete a character already begun, then leave.
    private mutating func chargeBudgets(startedIn from: Int32) {
        let budgets = self.budgets
        let cur = current
        let used = budgetUsed
        let r = cache.withSpace { s -> (Int32, [Int], Bool, Bool) in
            var used = used
            var cur = cur
            let before = from == ConfigurationSpace.dead ? 0 : s.segmentsInside(from)
            for k in budgets.indices {
                used[k] = before & (1 << UInt64(k)) != 0 ? used[k] + 1 : 0
                if used[k] >= budgets[k] && s.segmentsInside(cur) & (1 << UInt64(k)) != 0 {
                    cur = s.finishing(cur, segment: k)
                }
            }
            return (cur, used, s.setAccepting[Int(cur)], s.canConsume(cur))
        }
        current = r.0
        budgetUsed = r.1
        accepting = r.2
        consuming = r.3
    }

    /// Makes budgeted segment `k` finish now (see `finishSegment(_:)`), counting its budget as spent.
    mutating func finishInside(segment k: Int) {
        let cur = current
        let r = cache.withSpace { s -> (Int32, Bool, Bool) in
            let t = s.finishing(cur, segment: k)
            return (t, s.setAccepting[Int(t)], s.canConsume(t))
        }
        current = r.0
        accepting = r.1
        consuming = r.2
        budgetUsed[k] = max(budgetUsed[k], budgets[k])
    }

    /// Whether the next token would start inside budgeted segment `index` (segments are numbered in plan order,
    /// from 0). The engine asks it to end a reasoning trace early (`finishSegment(_:)`).
    public func isInsideBudgetedSegment(_ index: Int) -> Bool {
        guard budgets.indices.contains(index), !isTerminated else { return false }
        let from = current
        return cache.withSpace { $0.segmentsInside(from) } & (1 << UInt64(index)) != 0
    }

    /// Tokens counted so far against budgeted segment `index` since the sequence last entered it.
    public func budgetedTokens(inSegment index: Int) -> Int {
        budgetUsed.indices.contains(index) ? budgetUsed[index] : 0
    }

    private mutating func advance(_ bytes: ArraySlice<UInt8>) -> Bool {
        let from = current
        let r = cache.withSpace { s -> (Int32, Bool, Bool) in
            let t = s.run(from, bytes)
            return (t, t == ConfigurationSpace.dead ? false : s.setAccepting[Int(t)], s.canConsume(t))
        }
        guard r.0 != ConfigurationSpace.dead else { return false }
        current = r.0
        accepting = r.1
        consuming = r.2
        return true
    }

    /// Writes the full mask of allowed tokens into `mask` (which must have the vocabulary's capacity).
    ///
    /// Cost: a walk of the token trie that skips every subtree whose first byte is rejected; inside a string
    /// whose next characters are free, the plain-text slice is added at once and only the few other tokens are
    /// walked.
    public func fillMask(into mask: inout TokenBitset) {
        precondition(mask.capacity == vocabulary.count, "mask capacity \(mask.capacity) != vocabulary size")
        mask.withUnsafeMutableWords { _ = fillMask(words: $0, within: .max) }
    }

    /// Writes the full mask into caller-owned words (bit `id & 63` of word `id >> 6`; bits past the vocabulary stay
    /// clear), for samplers with their own bitset type — e.g. Sampling's `TokenMask` via its
    /// `withUnsafeMutableWords`. `words` must hold at least `(vocabulary.count + 63) / 64` words; returns `false`
    /// (writing nothing) when it is too small.
    @discardableResult
    public func fillMask(intoWords words: UnsafeMutableBufferPointer<UInt64>) -> Bool {
        guard words.count >= (vocabulary.count + 63) / 64, let base = words.baseAddress else { return false }
        fillMask(words: base, within: .max)
        return true
    }

    /// Clears `(vocabulary.count + 63) / 64` words at `words` and sets the allowed tokens' bits; unless `limit` is
    /// `Int32.max`, only tokens after which the grammar can finish within `limit` more tokens (end-of-generation
    /// tokens always can). Returns the least such finishing cost over the tokens the grammar allows (see
    /// `ConfigurationSpace.walk`).
    @discardableResult
    func fillMask(words: UnsafeMutablePointer<UInt64>, within limit: Int32) -> Int32 {
        let wordCount = (vocabulary.count + 63) / 64
        words.update(repeating: 0, count: wordCount)
        if isTerminated { return .max }
        if accepting {
            for t in vocabulary.endOfGeneration { words[Int(t) >> 6] |= 1 << UInt64(t & 63) }
        }
        if !consuming { return .max }
        let from = current
        let vocab = vocabulary
        return cache.withSpace { s in
            var runLimit = s.plainRunLimit(from, limit: vocab.maxPlainChars)
            // Near the cap the plain slice is added at once only when every run of it leaves room to finish.
            if limit != .max, let k = runLimit, k > 0, !s.plainRunFits(from, min(k, vocab.maxPlainChars), within: limit) {
                runLimit = nil
            }
            if let k = runLimit, k > 0, vocab.maxPlainChars > 0 {
                vocab.plainUpTo[min(k, vocab.maxPlainChars) - 1].words.withUnsafeBufferPointer { src in
                    for i in 0..<min(wordCount, src.count) { words[i] |= src[i] }
                }
            }
            var cheapest = Int32.max
            if runLimit == nil { cheapest = s.walk(vocab.plainTrie, from: from, into: words, within: limit) }
            return min(cheapest, s.walk(vocab.restTrie, from: from, into: words, within: limit))
        }
    }

    /// The full mask of allowed tokens, as a new bitset.
    public func mask() -> TokenBitset {
        var m = TokenBitset(capacity: vocabulary.count)
        fillMask(into: &m)
        return m
    }

    /// Bytes the grammar forces next (each step has exactly one allowed byte and the grammar cannot end there),
    /// up to `limit`. Empty when the next byte is a choice.
    public func forcedBytes(limit: Int = 64) -> [UInt8] {
        if isTerminated { return [] }
        let from = current
        return cache.withSpace { s in
            var out: [UInt8] = []
            var cur = from
            while out.count < limit, !s.setAccepting[Int(cur)] {
                var only: (UInt8, Int32)?
                var many = false
                for b in s.byteClasses(cur) {
                    let t = s.next(cur, b)
                    if t == ConfigurationSpace.dead { continue }
                    if only != nil { many = true; break }
                    only = (b, t)
                }
                guard !many, let (b, t) = only else { break }
                // A class with several bytes is a choice too.
                var alive = 0
                for x in 0...255 where s.next(cur, UInt8(x)) != ConfigurationSpace.dead {
                    alive += 1
                    if alive > 1 { break }
                }
                if alive != 1 { break }
                out.append(b)
                cur = t
            }
            return out
        }
    }

    /// The shortest byte string that completes the grammar from here (what a well-behaved writer would need to
    /// close every open structure), or `nil` if the search gives up after `maxStates` configurations.
    public func shortestCompletion(maxStates: Int = 100_000) -> [UInt8]? {
        if isTerminated { return [] }
        let from = current
        return cache.withSpace { $0.shortestCompletion(from: from, maxStates: maxStates) }
    }
}
