/// One alternative token with its log-probability.
public struct TokenAlternative: Sendable, Hashable {
    public var token: String
    public var bytes: [UInt8]
    public var logprob: Double

    public init(token: String, bytes: [UInt8], logprob: Double) {
        self.token = token
        self.bytes = bytes
        self.logprob = logprob
    }
}

/// The log-probability of a generated token and its top alternatives.
public struct TokenLogprob: Sendable, Hashable {
    public var token: String
    public var bytes: [UInt8]
    public var logprob: Double
    public var top: [TokenAlternative]

    public init(token: String, bytes: [UInt8], logprob: Double, top: [TokenAlternative] = []) {
        self.token = token
        self.bytes = bytes
        self.logprob = logprob
        self.top = top
    }
}
