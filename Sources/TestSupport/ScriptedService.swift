import ChatTemplates
import Engine
import GGUF
public import Inference
import InferenceTypes
import Tokenizers

extension ServedModel {
    /// SmolLM2's real tokenizer and chat template over a `ScriptedModel` that answers `answer` then ends its turn:
    /// the whole pipeline without real weights.
    public static func scripted(
        id: String = "smollm2-135m-instruct", answer: String, contextLength: Int = 512, slotCount: Int = 4
    ) throws -> (ServedModel, ScriptedModel) {
        let file = try GGUFFile(path: try TestPaths.model(fileName: TestPaths.smolLM2))
        let tokenizer = try Tokenizer.load(from: file)
        let (template, _) = try ChatTemplate.forModel(file)
        let answerIDs = tokenizer.encode(answer, addSpecial: false)
        let eos = tokenizer.eosToken ?? 2
        // After the generation prompt's final "\n" comes the answer, token by token, then <|im_end|>.
        let script: @Sendable (TokenID, Int) -> TokenID = { last, _ in
            if let i = answerIDs.firstIndex(of: last), i + 1 < answerIDs.count { return answerIDs[i + 1] }
            if answerIDs.contains(last) { return eos }
            return answerIDs.first ?? eos
        }
        let model = ScriptedModel(vocabularySize: tokenizer.vocabularySize, contextLength: contextLength,
            slotCount: slotCount, maxBatchTokens: 64, next: script)
        let engine = Engine(model: model, tokenizer: tokenizer)
        let descriptor = ModelDescriptor(id: id, displayName: "scripted", created: 0, contextLength: contextLength)
        return (ServedModel(descriptor: descriptor, tokenizer: tokenizer, template: template, engine: engine), model)
    }
}
