import Engine
import InferenceTypes

extension InferenceError {
    /// The error a client sees for anything the engine (or a task around it) threw.
    static func from(_ error: any Error) -> InferenceError {
        switch error {
        case let e as InferenceError: return e
        case EngineError.contextOverflow(let n, let limit): return .contextOverflow(promptTokens: n, limit: limit)
        case EngineError.queueFull: return .overloaded(retryAfterSeconds: 1)
        case EngineError.invalidRequest(let m): return .invalidRequest(parameter: nil, message: m)
        case EngineError.emptyPrompt: return .invalidRequest(parameter: "messages", message: "the prompt is empty")
        case EngineError.shutDown: return .cancelled
        case is CancellationError: return .cancelled
        default: return .internalError("\(error)")
        }
    }
}
