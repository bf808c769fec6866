import ArgumentParser
import ChatTemplates
import Engine
import Foundation
import Inference
import InferenceTypes
import Tokenizers

/// `swiftlet run`: a raw completion (or, with `--chat`, one chat turn) streamed to the terminal.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Generate a completion for a prompt and stream it to the terminal.")

    @OptionGroup var model: ModelOptions
    @OptionGroup var sampling: SamplingOptions
    @OptionGroup var load: LoadFlags

    @Flag(help: "Apply the model's chat template (the prompt is one user message).")
    var chat = false

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

    func run() async throws {
        let loaded = try loadModel(model, load: load, slots: 1)
        let params = try sampling.parameters(logprobs: json ? max(topLogprobs, 1) : 0)
        let ids: [TokenID]
        if chat {
            var messages: [ChatMessage] = []
            if let system { messages.append(ChatMessage(role: .system, text: system)) }
            messages.append(ChatMessage(role: .user, text: prompt))
            let served = loaded.served()
            let text = try renderChat(served, messages)
            ids = served.promptTokens(forRendered: text)
        } else {
            ids = loaded.tokenizer.encode(prompt, addSpecial: true, parseSpecial: parseSpecial)
        }
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

/// Renders a conversation with the model's template.
func renderChat(_ served: ServedModel, _ messages: [ChatMessage]) throws -> String {
    do {
        return try served.template.render(ChatTemplateInput(
            messages: messages, bosToken: served.bosText, eosToken: served.eosText))
    } catch {
        throw CLIError("chat template: \(error)")
    }
}
