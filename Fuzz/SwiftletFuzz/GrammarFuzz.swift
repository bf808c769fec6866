import Constraints
import InferenceTypes

/// The constraint compilers (GBNF, JSON schema, the regex subset of `pattern`), and a matcher walking each grammar
/// that compiles: a few tokens picked from its mask by a generator seeded with the input, checking at every step
/// that the mask and `allows(token:)` agree and that the shortest completion the matcher proposes is accepted and
/// completes the grammar.
enum GrammarFuzz {
    /// Tokens generated per grammar.
    static let steps = 24
    /// The search bound handed to `shortestCompletion`.
    static let completionStates = 2_000

    static func runGBNF(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let grammar = compiled({ () throws(ConstraintError) in try ConstraintCompiler.compile(gbnf: text) }) else { return }
        walk(grammar, seed: bytes)
    }

    static func runJSONSchema(_ bytes: [UInt8]) {
        guard let schema = try? JSONValue.parse(bytes) else { return }
        guard let grammar = compiled({ () throws(ConstraintError) in try ConstraintCompiler.compile(jsonSchema: schema) })
        else { return }
        walk(grammar, seed: bytes)
    }

    static func runRegex(_ bytes: [UInt8]) {
        let schema: JSONValue = ["type": "string", "pattern": .string(String(decoding: bytes, as: UTF8.self))]
        guard let grammar = compiled({ () throws(ConstraintError) in try ConstraintCompiler.compile(jsonSchema: schema) })
        else { return }
        walk(grammar, seed: bytes)
    }

    /// The grammar, or nil after checking that the error says something.
    static func compiled(_ compile: () throws(ConstraintError) -> CompiledGrammar) -> CompiledGrammar? {
        do {
            return try compile()
        } catch {
            FuzzCheck.require(!error.message.isEmpty, "a constraint error without a message")
            _ = error.description
            return nil
        }
    }

    static func walk(_ grammar: CompiledGrammar, seed: [UInt8]) {
        let vocabulary = FuzzVocabulary.index
        var rng = FuzzRandom(seed: seed)
        var matcher = GrammarMatcher(grammar: grammar, vocabulary: vocabulary)
        for _ in 0..<steps {
            let mask = matcher.mask()
            for t in 0..<vocabulary.count {
                let token = TokenID(t)
                FuzzCheck.require(mask.contains(token) == matcher.allows(token: token), "mask and allows(token:) disagree on token \(t)")
            }
            checkCompletion(matcher)
            _ = matcher.forcedBytes()
            let allowed = mask.members
            guard !allowed.isEmpty else { break }
            let token = allowed[rng.below(allowed.count)]
            FuzzCheck.require(matcher.accept(token: token), "an allowed token \(token) was refused")
            if matcher.isTerminated { break }
        }
    }

    /// The shortest completion, when the search finds one, must be accepted and leave the grammar complete.
    static func checkCompletion(_ matcher: GrammarMatcher) {
        guard let completion = matcher.shortestCompletion(maxStates: completionStates) else { return }
        var copy = matcher
        FuzzCheck.require(copy.accept(bytes: completion), "the shortest completion \(completion) is refused")
        FuzzCheck.require(copy.isComplete, "the shortest completion \(completion) does not complete the grammar")
    }
}

/// SplitMix64 seeded with a hash of the input: the same input always takes the same path.
struct FuzzRandom {
    var state: UInt64

    init(seed: [UInt8]) {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in seed { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        state = h
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<n` (`n > 0`).
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}
