import ArgumentParser
import Engine
import Foundation
import Inference
import InferenceTypes
import Tokenizers

/// `swiftlet run`: a raw completion streamed to the terminal, straight from the engine (with `--json`, the token ids
/// and log-probabilities); with `--chat`, one chat turn through the API's pipeline (`ChatSession`).
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Generate a completion for a prompt and stream it to the terminal.")

    @OptionGroup var model: ModelOptions
    @OptionGroup var sampling: SamplingOptions
    @OptionGroup var load: LoadFlags

    @Flag(help: "One chat turn through the API's pipeline (template, reasoning, output parsing); the prompt is one user message.")
    var chat = false

    @Option(help: "With --chat: reasoning effort (none, minimal, low, medium, high, xhigh).")
    var reasoningEffort: String?

    @Option(help: "System prompt (with --chat).")
    var system: String?

    @Flag(help: "Recognise control tokens written in a raw prompt.")
    var parseSpecial = false

    @Flag(help: "Print JSON: prompt ids, each token with its log-probability, and the finish reason.")
    var json = false

    @Option(help: "With --json: how many alternatives to list per token.")
    var topLogprobs: Int = 0

    @Argument(help: "The prompt.")
    var prompt: String

    func validate() throws {
        if chat && json { throw ValidationError("--json prints raw engine tokens; it cannot be combined with --chat") }
    }

    func run() async throws {
        if chat {
            let session = try ChatSession.open(model, load: load, sampling: try sampling.parameters(),
                maxTokens: sampling.maxTokens, reasoningEffort: try ChatSession.effort(reasoningEffort))
            var messages: [ChatMessage] = []
            if let system { messages.append(ChatMessage(role: .system, text: system)) }
            messages.append(ChatMessage(role: .user, text: prompt))
            _ = try await session.reply(to: messages)
            return
        }
        let loaded = try loadModel(model, load: load, slots: 1)
        let params = try sampling.parameters(logprobs: json ? max(topLogprobs, 1) : 0)
        let ids = loaded.tokenizer.encode(prompt, addSpecial: true, parseSpecial: parseSpecial)
        let request = SequenceRequest(prompt: ids, sampling: params, maxTokens: sampling.maxTokens)
        let stream: AsyncThrowingStream<EngineEvent, any Error>
        do { stream = try loaded.engine.submit(request) } catch { throw CLIError(error.description) }

        var tokens: [JSONValue] = []
        var finish = "stop"
        for try await event in stream {
            switch event {
            case .started: break
            case .token(let t):
                if json {
                    tokens.append(.makeObject([
                        ("id", .int(Int64(t.id))),
                        ("text", .string(String(decoding: loaded.tokenizer.tokenBytes(t.id), as: UTF8.self))),
                        ("logprob", t.logprob.map { .double(Double($0)) } ?? .null),
                        ("top", .array(t.top.prefix(topLogprobs).map {
                            .makeObject([("id", .int(Int64($0.id))), ("logprob", .double(Double($0.logprob)))])
                        })),
                    ]))
                } else {
                    write(t.text)
                }
            case .text(let s): if !json { write(s) }
            case .finished(let f):
                finish = Self.finishName(f.reason)
                if !json {
                    write("\n")
                    let tps = f.decodeSeconds > 0 ? Double(max(f.generatedTokens - 1, 0)) / f.decodeSeconds : 0
                    FileHandle.standardError.write(Data(
                        "[\(f.promptTokens) prompt tokens, \(f.generatedTokens) generated, \(finish), \(Int(tps)) tokens/s]\n".utf8))
                }
            }
        }
        if json {
            print(JSONValue.makeObject([
                ("prompt_ids", .array(ids.map { .int(Int64($0)) })), ("tokens", .array(tokens)),
                ("finish_reason", .string(finish)),
            ]).serialized())
        }
    }

    static func finishName(_ r: EngineFinishReason) -> String {
        switch r {
        case .endOfGeneration, .stopString: return "stop"
        case .maxTokens, .contextFull: return "length"
        case .cancelled: return "cancelled"
        }
    }
}

/// Writes text to stdout at once (no buffering), for streaming.
func write(_ s: String) {
    guard !s.isEmpty else { return }
    FileHandle.standardOutput.write(Data(s.utf8))
}

/// Loads the model named by the options, with a message instead of a stack trace on failure.
func loadModel(_ options: ModelOptions, load: LoadFlags, slots: Int) throws -> LoadedModel {
    let resolved = try options.resolve()
    do {
        return try LoadedModel.load(resolved, options: LoadOptions(
            contextLength: load.context, slots: slots, threads: load.threads))
    } catch {
        throw CLIError(error.description)
    }
}
