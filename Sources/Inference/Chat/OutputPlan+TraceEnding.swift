import Engine
import OutputParsing

extension OutputPlan {
    /// How the engine may end the reasoning trace before its budget (nil without reasoning). The trace is the plan's
    /// first budgeted segment (`constraintPlan()` puts it first; no other part has a budget).
    ///
    /// Every trace ends at the model's end of turn: a model that ends its turn while thinking has finished thinking,
    /// and its answer follows the closing tag. Past a soft limit, the next new sentence also ends it, so the budget
    /// rarely cuts a sentence in half: half the budget for Swiftlet's thinking prompt (models without native
    /// reasoning, whose traces wander the longer they get: measured with `Benchmarks/qa.py`, see the README), the
    /// last eighth for models that reason natively (the budget the client asked for is theirs to use).
    var traceEnding: TraceEnding? {
        guard let r = reasoning else { return nil }
        let soft = r.isNative ? r.budget - r.budget / 8 : r.budget / 2
        // A model made to think that ends its turn inside the trace has answered there (see `TraceEnding`).
        return TraceEnding(segment: 0, atEndOfTurn: true, atSentenceEndAfter: soft,
            echoesTraceAtEndOfTurn: !r.isNative && honoursStopStrings, closingText: r.tags.close)
    }
}
