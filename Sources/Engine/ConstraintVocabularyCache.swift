import Constraints
import InferenceTypes
import Synchronization
import Tokenizers

/// The model's ``ConstraintVocabulary``, built on first use and then shared by every constrained sequence.
///
/// Building it takes a few hundred milliseconds for a 262k vocabulary, so it is not done for models that never
/// see a constrained request.
/// - Important: thread-safe; the first callers wait for one build.
final class ConstraintVocabularyCache: Sendable {
    private let tokenizer: Tokenizer
    private let logitCount: Int
    private let built = Mutex<ConstraintVocabulary?>(nil)

    init(tokenizer: Tokenizer, logitCount: Int) {
        self.tokenizer = tokenizer
        self.logitCount = logitCount
    }

    /// The vocabulary index (built now if this is the first call).
    var vocabulary: ConstraintVocabulary {
        built.withLock { v in
            if let v { return v }
            let made = ConstraintVocabulary(Self.table(tokenizer, logitCount: logitCount))
            v = made
            return made
        }
    }

    /// Token bytes and kinds from the tokenizer, one row per logit (ids past the tokenizer's vocabulary have no
    /// bytes and are never allowed). Control, unknown and unused tokens are special (never allowed); the
    /// tokenizer's end-of-generation tokens are allowed exactly where the grammar may end; user-defined tokens (such
    /// as `<think>` in some vocabularies) are ordinary text.
    static func table(_ tokenizer: Tokenizer, logitCount: Int) -> TokenVocabulary {
        var bytes: [[UInt8]] = []
        bytes.reserveCapacity(logitCount)
        var special = Set<TokenID>()
        for i in 0..<logitCount {
            let id = TokenID(i)
            guard i < tokenizer.vocabularySize else {
                bytes.append([])
                continue
            }
            switch tokenizer.tokenType(id) {
            case .control, .unknown, .unused:
                special.insert(id)
                bytes.append([])
            default:
                bytes.append(tokenizer.tokenBytes(id))
            }
        }
        let eog = tokenizer.endOfGenerationTokens.filter { Int($0) < logitCount }
        return TokenVocabulary(tokenBytes: bytes, specialTokens: special, endOfGenerationTokens: eog)
    }
}
