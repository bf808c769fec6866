import ArgumentParser
import Server
import Upstream

/// `serve`'s upstream flags: models served by other OpenAI- or Anthropic-compatible engines and providers.
struct UpstreamOptions: ParsableArguments {
    @Option(name: .customLong("upstream"),
        help: "Serve model ID from an upstream: ID=URL or ID=URL#remote-model (an OpenAI-compatible base such as http://10.0.0.5:8000/v1). Repeat an ID for failover URLs. With upstreams and no --model, no local model is loaded.")
    var upstreams: [String] = []

    @Option(name: .customLong("upstream-key"), help: "ID=KEY: the upstream's API key (or ID=env:VARIABLE). Repeatable.")
    var keys: [String] = []

    @Option(name: .customLong("upstream-api"), help: "ID=openai|openai-standard|anthropic: the upstream's wire format (default openai). Repeatable.")
    var apis: [String] = []

    @Option(name: .customLong("upstream-option"),
        help: "ID:NAME=VALUE, e.g. big:idle-timeout=30. Names: connect-timeout, first-byte-timeout, idle-timeout (seconds), attempts, breaker-failures, breaker-cooldown (seconds), price (INPUT,OUTPUT[,CACHED] USD per million tokens), context, max-tokens. Repeatable.")
    var options: [String] = []

    /// Adds the flags' upstreams to `configuration`.
    func apply(to configuration: inout UpstreamConfiguration) throws {
        do {
            for spec in upstreams { try configuration.addUpstream(spec) }
            for spec in keys { try configuration.setKey(spec) }
            for spec in apis { try configuration.setAPI(spec) }
            for spec in options { try configuration.setOption(spec) }
            try configuration.validate()
        } catch {
            throw CLIError(error.description)
        }
    }
}
