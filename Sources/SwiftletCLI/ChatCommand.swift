import ArgumentParser
import Foundation
import Inference
import InferenceTypes

/// `swiftlet chat`: an interactive multi-turn chat in the terminal through the same pipeline as the API
/// (`ChatSession`): `--model grok-3-mini` reasons and shows its trace, as the API does.
struct ChatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat", abstract: "Chat with a model in the terminal (/reset starts over, /exit or Ctrl-D quits).")

    @OptionGroup var model: ModelOptions
    @OptionGroup var sampling: SamplingOptions
    @OptionGroup var load: LoadFlags

    @Option(help: "System prompt.")
    var system: String?

    @Option(help: "Reasoning effort (none, minimal, low, medium, high, xhigh); the grok-3-mini names reason by default.")
    var reasoningEffort: String?

    func run() async throws {
        let session = try ChatSession.open(model, load: load, sampling: try sampling.parameters(),
            maxTokens: sampling.maxTokens, reasoningEffort: try ChatSession.effort(reasoningEffort))
        let interactive = isatty(STDIN_FILENO) == 1
        var messages: [ChatMessage] = system.map { [ChatMessage(role: .system, text: $0)] } ?? []
        if interactive { FileHandle.standardError.write(Data("\(session.modelID) — /reset, /exit\n".utf8)) }
        while true {
            if interactive { write("> ") }
            guard let line = readLine() else { break }
            let input = line.trimmingCharacters(in: .whitespaces)
            if input.isEmpty { continue }
            if input == "/exit" || input == "/quit" { break }
            if input == "/reset" {
                messages = system.map { [ChatMessage(role: .system, text: $0)] } ?? []
                continue
            }
            messages.append(ChatMessage(role: .user, text: input))
            do {
                messages.append(try await session.reply(to: messages))
            } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                messages.removeLast()
            }
        }
    }
}
