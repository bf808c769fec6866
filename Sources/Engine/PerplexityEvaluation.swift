public import Tokenizers
public import Transformer

extension PerplexityPlan {
    /// The plan for `text` as `llama-perplexity` tokenizes it: the model's special-token rule (BOS first when the
    /// model adds one), no special tokens parsed from the text.
    public init(text: String, tokenizer: Tokenizer, contextLength: Int) {
        self.init(
            tokens: tokenizer.encode(text, addSpecial: true, parseSpecial: false), contextLength: contextLength,
            bos: tokenizer.addBOS ? tokenizer.bosToken : nil)
    }

    /// Evaluates every chunk on slot 0 of `model`, each from an empty cache in batches of at most
    /// `model.maxBatchTokens` rows (logits only for the batches that reach the scored half), and returns the sums.
    /// `afterChunk` sees the chunk's index and the running estimate (the CLI prints it, as llama.cpp does).
    ///
    /// - Important: uses slot 0 of `model`; nothing else may run on that slot meanwhile.
    public func evaluate(
        on model: TransformerModel, afterChunk: (Int, PerplexityAccumulator) -> Void = { _, _ in }
    ) throws(TransformerError) -> PerplexityAccumulator {
        var accumulator = PerplexityAccumulator()
        let step = model.maxBatchTokens
        for c in 0..<chunkCount {
            let ids = chunk(c)
            try model.clear(slot: 0)
            var start = 0
            while start < ids.count {
                let end = min(start + step, ids.count)
                let scored = end > firstScored
                let out = try model.forward([BatchEntry(slot: 0, tokens: Array(ids[start..<end]),
                    startPosition: start, logits: scored ? .all : .none)])
                if scored {
                    for position in max(start, firstScored)..<min(end, contextLength - 1) {
                        let target = Int(target(chunk: c, position: position))
                        accumulator.add(logprob: PerplexityAccumulator.logprob(of: target,
                            logits: out.row(position - start)))
                    }
                }
                start = end
            }
            afterChunk(c, accumulator)
        }
        return accumulator
    }
}
