/// A raw text completion request (legacy `/v1/completions`, `swiftlet run`).
public struct CompletionRequest: Sendable {
    public var model: String
    public var prompt: String
    public var sampling = SamplingParameters()
    /// The sampling fields the client set; the others take the model's defaults (as `ChatRequest.explicitSampling`).
    public var explicitSampling: SamplingFields = .all
    public var maxTokens: Int?
    public var stop: [String] = []
    public var n: Int = 1
    /// Echo the prompt before the completion.
    public var echo: Bool = false
    /// Who may reuse this prompt's cached prefix (as `ChatRequest.cacheScope`).
    public var cacheScope: String?

    public init(model: String, prompt: String) {
        self.model = model
        self.prompt = prompt
    }
}
