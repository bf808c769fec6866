/// The limits every request is held to, whichever API it came through: the API decoders reject a field beyond them
/// with its JSON path, and the inference service checks the same values for callers that did not come through an API
/// (the CLI, tests). One home, so the two can never disagree.
public enum RequestLimits {
    /// Choices one request may ask for (`n`).
    public static let choices: ClosedRange<Int> = 1...16
    /// Most stop sequences (OpenAI's limit).
    public static let maxStopSequences = 4
    /// Longest stop sequence, in UTF-8 bytes (each is matched against the output's tail at every token).
    public static let maxStopBytes = 1024
    /// Token caps (`max_tokens` and its spellings).
    public static let maxTokens: ClosedRange<Int> = 1...Int(Int32.max)

    /// `choices` for `JSONFields.int(_:in:)`.
    public static var choicesRange: ClosedRange<Int64> { Int64(choices.lowerBound)...Int64(choices.upperBound) }
    /// `maxTokens` for `JSONFields.int(_:in:)`.
    public static var maxTokensRange: ClosedRange<Int64> { Int64(maxTokens.lowerBound)...Int64(maxTokens.upperBound) }
}
