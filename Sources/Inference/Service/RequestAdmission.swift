import InferenceTypes

/// The checks a request passes before anything is queued, against `RequestLimits` (the same values the API decoders
/// enforce), so a caller that did not come through an API gets the same answers.
enum RequestAdmission {
    /// Throws `invalidRequest` naming the field that is out of bounds.
    static func check(n: Int, stop: [String], maxTokens: Int?, sampling: SamplingParameters) throws(InferenceError) {
        guard RequestLimits.choices.contains(n) else {
            throw .invalidRequest(parameter: "n", message: "must be between \(RequestLimits.choices.lowerBound) and \(RequestLimits.choices.upperBound)")
        }
        guard stop.count <= RequestLimits.maxStopSequences else {
            throw .invalidRequest(parameter: "stop", message: "at most \(RequestLimits.maxStopSequences) stop sequences")
        }
        if stop.contains(where: { $0.utf8.count > RequestLimits.maxStopBytes }) {
            throw .invalidRequest(parameter: "stop", message: "stop sequences must be at most \(RequestLimits.maxStopBytes) bytes")
        }
        if let maxTokens, !RequestLimits.maxTokens.contains(maxTokens) {
            throw .invalidRequest(parameter: "max_tokens", message: "must be at least \(RequestLimits.maxTokens.lowerBound)")
        }
        do throws(SamplingParametersError) { try sampling.validate() } catch {
            throw .invalidRequest(parameter: error.field.rawValue, message: error.description)
        }
    }
}
