import ArgumentParser

/// The `swiftlet` command: serves models and inspects them.
@main
struct Swiftlet: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swiftlet",
        abstract: "A self-hostable LLM API server with its own native inference engine.",
        subcommands: [
            ServeCommand.self, PullCommand.self, ModelsCommand.self, InspectCommand.self, TokenizeCommand.self,
            TemplateCommand.self, RunCommand.self, ChatCommand.self, PerplexityCommand.self,
        ],
        defaultSubcommand: ServeCommand.self
    )
}
