import ArgumentParser
import Engine
import Foundation
import Inference
import InferenceTypes

/// `swiftlet chat`: an interactive multi-turn chat in the terminal, answers streamed as they are generated.
struct ChatCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chat", abstract: "Chat with a model in the terminal (/reset starts over, /exit or Ctrl-D quits).")

    @OptionGroup var model: ModelOptions
    @OptionGroup var sampling: SamplingOptions
    @OptionGroup var load: LoadFlags

    @Option(help: "System prompt.")
    var system: String?

    func run() async throws {
        let loaded = try loadModel(model, load: load, slots: 1)
        let served = loaded.served()
        let params = try sampling.parameters()
        let interactive = isatty(STDIN_FILENO) == 1
        var messages: [ChatMessage] = system.map { [ChatMessage(role: .system, text: $0)] } ?? []
        if interactive { FileHandle.standardError.write(Data("\(loaded.resolved.id) — /reset, /exit\n".utf8)) }
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
            let ids = served.promptTokens(forRendered: try renderChat(served, messages))
            let stream: AsyncThrowingStream<EngineEvent, any Error>
            do {
                stream = try loaded.engine.submit(SequenceRequest(prompt: ids, sampling: params,
                    maxTokens: sampling.maxTokens))
            } catch {
                FileHandle.standardError.write(Data("error: \(error)\n".utf8))
                messages.removeLast()
                continue
            }
            var answer = ""
            for try await event in stream {
                switch event {
                case .token(let t): answer += t.text; write(t.text)
                case .text(let s): answer += s; write(s)
                case .started, .finished: break
                }
            }
            write("\n")
            messages.append(ChatMessage(role: .assistant, text: answer))
        }
    }
}
