import ArgumentParser

/// The `swiftlet` command: serves models and inspects them.
@main
struct Swiftlet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swiftlet",
        abstract: "A self-hostable LLM API server with its own native inference engine.",
        subcommands: [
            ServeCommand.self, PullCommand.self, ModelsCommand.self, InspectCommand.self, TokenizeCommand.self,
            TemplateCommand.self, RunCommand.self, ChatCommand.self, PerplexityCommand.self, BenchCommand.self,
            KeysCommand.self, UsageCommand.self, ConfigCommand.self,
        ],
        defaultSubcommand: ServeCommand.self
    )

    /// The entry point: checks the CPU before any AVX2-compiled code can run, then parses and runs the command
    /// exactly as ArgumentParser's own `main()` does.
    static func main() async {
        requireCPUFeatures()
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
