import ArgumentParser
import InferenceTypes
import Server

/// `swiftlet config`: the configuration `serve` would run with, given the same flags, environment and config file:
/// every setting's effective value (secrets redacted) and where it came from. Nothing is loaded or served.
struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print the effective serve configuration (flags > environment > config file > defaults), secrets redacted."
    )

    @OptionGroup var options: ServeOptions

    func run() async throws {
        let sources = try await options.sources()
        let configuration = try await options.resolve(sources)
        print(configuration.effective(sources: sources).serialized(.spaced))
    }
}
