import Foundation
import Inference
import InferenceTypes

/// A terminal conversation with one model through the same pipeline the HTTP API uses (`LocalInferenceService`):
/// the model's template, Swiftlet's reasoning rules and output parsing. A Grok 3 Mini persona name as `--model`
/// reaches the default model and reasons, as it does over the API; the trace is shown dimmed before the answer.
struct ChatSession {
    let service: LocalInferenceService
    let resolution: ModelResolver.Resolution
    let sampling: SamplingParameters
    let maxTokens: Int
    let reasoningEffort: ReasoningEffort?

    /// Loads the model `options` names. A persona alias (`grok-3-mini`…) loads the default model and keeps the alias's
    /// rules.
    static func open(_ options: ModelOptions, load: LoadFlags, sampling: SamplingParameters, maxTokens: Int,
        reasoningEffort: ReasoningEffort?) throws -> ChatSession
    {
        var modelOptions = options
        let persona = ModelAlias.grokPersona.first { $0.name.lowercased() == options.model.lowercased() }
        if persona != nil { modelOptions.model = ModelCatalog.defaultID }
        let loaded = try loadModel(modelOptions, load: load, slots: 1)
        let service = LocalInferenceService(models: [loaded.served()])
        let resolver = ModelResolver(served: service.models(), aliases: ModelAlias.grokPersona)
        guard let resolution = resolver.resolve(persona?.name ?? loaded.resolved.id) else {
            throw CLIError("cannot serve \(options.model)")
        }
        return ChatSession(service: service, resolution: resolution, sampling: sampling, maxTokens: maxTokens,
            reasoningEffort: reasoningEffort)
    }

    /// The name the session answers as.
    var modelID: String { resolution.model.id }

    /// Streams one assistant turn for `messages` to the terminal and returns it (reasoning kept apart).
    func reply(to messages: [ChatMessage]) async throws -> ChatMessage {
        var request = ChatRequest(model: resolution.model.id, messages: messages)
        request.sampling = sampling
        request.maxTokens = maxTokens
        if let reasoningEffort { request.reasoning.effort = reasoningEffort }
        resolution.apply(to: &request)
        let stream: ChatStream
        do {
            stream = try await service.chat(request)
        } catch {
            throw CLIError(error.description)
        }
        var accumulator = ChatResultAccumulator()
        var inReasoning = false
        let dim = isatty(STDOUT_FILENO) == 1
        for try await item in stream {
            accumulator.add(item)
            guard case .choice(_, let event) = item else { continue }
            switch event {
            case .reasoningDelta(let s):
                if !inReasoning { write(dim ? "\u{1B}[2m" : "[thinking] "); inReasoning = true }
                write(s)
            case .contentDelta(let s):
                if inReasoning { write(dim ? "\u{1B}[0m\n" : "\n[answer] "); inReasoning = false }
                write(s)
            case .toolCallStart(_, _, let name):
                write("\n[tool call \(name)] ")
            case .toolCallArguments(_, let delta):
                write(delta)
            default:
                break
            }
        }
        if inReasoning, dim { write("\u{1B}[0m") }
        write("\n")
        let choice = accumulator.result.choices.first ?? ChoiceResult()
        let usage = accumulator.result.usage
        FileHandle.standardError.write(Data(
            "[\(usage.promptTokens) prompt tokens (\(usage.cachedPromptTokens) cached), \(usage.reasoningTokens) reasoning, \(usage.completionTokens) answer, \(Self.finishName(choice.finishReason))]\n".utf8))
        var message = ChatMessage(role: .assistant, text: choice.content)
        message.reasoning = choice.reasoning.isEmpty ? nil : choice.reasoning
        return message
    }

    /// `--reasoning-effort` as a level (nil when not given).
    static func effort(_ text: String?) throws -> ReasoningEffort? {
        guard let text else { return nil }
        guard let level = ReasoningEffort(rawValue: text.lowercased()) else {
            throw CLIError("--reasoning-effort must be one of \(ReasoningEffort.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return level
    }

    static func finishName(_ reason: FinishReason?) -> String {
        switch reason {
        case .stop, .stopSequence, nil: return "stop"
        case .length, .contextLength: return "length"
        case .toolCalls: return "tool_calls"
        }
    }
}
