import Foundation
import GGUF
import Kernels
import TestSupport
import Testing
import Transformer

/// Loading: hyperparameters and their defaults, and typed errors for broken files.
@Suite
struct ModelLoadingTests {
    /// Loads a writer's bytes as a model.
    static func load(_ w: GGUFWriter, options: TransformerOptions = TransformerOptions(threadCount: 1)) throws
        -> TransformerModel
    {
        try TransformerModel(file: try GGUFFile(bytes: w.encoded(), name: "synthetic"), options: options)
    }

    /// A copy of `w` without the tensor `dropping`, with `replacing` swapped in, and metadata edited.
    static func rebuilt(
        _ w: GGUFWriter, dropping: String? = nil,
        replacing: (name: String, shape: [Int], type: GGMLType, data: [UInt8])? = nil,
        metadata edit: (inout [(String, GGUFValue)]) -> Void = { _ in }
    ) -> GGUFWriter {
        var out = GGUFWriter()
        var metadata = w.metadata
        edit(&metadata)
        for (key, value) in metadata { out.set(key, value) }
        for t in w.tensors where t.name != dropping {
            if let r = replacing, r.name == t.name {
                out.addTensor(r.name, shape: r.shape, type: r.type, data: r.data)
            } else {
                out.addTensor(t.name, shape: t.shape, type: t.type, data: t.data)
            }
        }
        return out
    }

    @Test func llamaDefaults() throws {
        let model = try Self.load(SyntheticModel.writer(.llama))
        let hp = model.hyperParameters
        #expect(hp.architecture == "llama")
        #expect(hp.layerCount == 2 && hp.embeddingLength == 256 && hp.headCount == 4 && hp.kvHeadCount == 2)
        #expect(hp.keyLength == 64 && hp.valueLength == 64, "head length defaults to n_embd / n_head")
        #expect(hp.ropeFreqBase(layer: 0) == 10_000, "rope.freq_base defaults to 10000")
        #expect(hp.ropeDimensionCount == 64 && hp.ropeStyle == .adjacent)
        #expect(hp.vocabularySize == 320 && hp.contextLength == 128)
        #expect(hp.attentionScale == 0.125 && hp.queryScale == 1 && hp.embeddingScale == 1)
        #expect(model.outputIsTied)
        #expect(model.contextLength == 128, "context defaults to the model's own")
    }

    @Test func qwenHyperParameters() throws {
        let qwen2 = try Self.load(SyntheticModel.writer(.qwen2))
        #expect(qwen2.hyperParameters.ropeStyle == .halfSplit && !qwen2.outputIsTied)
        #expect(qwen2.hyperParameters.ropeFreqBase(layer: 1) == 1_000_000)
        let qwen3 = try Self.load(SyntheticModel.writer(.qwen3))
        #expect(qwen3.hyperParameters.keyLength == 128, "qwen3's head length is independent of n_embd / n_head")
        #expect(qwen3.hyperParameters.queryWidth == 512)
    }

    @Test func gemmaLayers() throws {
        let hp = try Self.load(SyntheticModel.writer(.gemma3)).hyperParameters
        #expect(hp.slidingWindow == 4)
        #expect(hp.layers.map(\.usesSlidingWindow) == [true, true, true, true, true, false], "every sixth layer is global")
        #expect(hp.layers.map(\.ropeFreqBase) == [10_000, 10_000, 10_000, 10_000, 10_000, 1_000_000])
        #expect(hp.embeddingScale == Float(256).squareRoot())
        #expect(hp.queryScale == 1 / Float(96).squareRoot() && hp.attentionScale == 1)
        #expect(hp.finalLogitSoftcap == 0)
    }

    @Test func missingTensorIsNamed() {
        let broken = Self.rebuilt(SyntheticModel.writer(.llama), dropping: "blk.1.ffn_up.weight")
        #expect(throws: TransformerError.missingTensor(name: "blk.1.ffn_up.weight")) { try Self.load(broken) }
        let noBias = Self.rebuilt(SyntheticModel.writer(.qwen2), dropping: "blk.0.attn_k.bias")
        #expect(throws: TransformerError.missingTensor(name: "blk.0.attn_k.bias")) { try Self.load(noBias) }
        let noNorm = Self.rebuilt(SyntheticModel.writer(.gemma3), dropping: "blk.3.post_ffw_norm.weight")
        #expect(throws: TransformerError.missingTensor(name: "blk.3.post_ffw_norm.weight")) { try Self.load(noNorm) }
    }

    @Test func wrongShapeNamesExpectedAndActual() {
        let data = SyntheticModel.encode([Float](repeating: 0.5, count: 256 * 288), .q4_K)
        let broken = Self.rebuilt(
            SyntheticModel.writer(.llama), replacing: ("blk.0.attn_q.weight", [256, 288], .q4_K, data))
        #expect(throws: TransformerError.wrongShape(tensor: "blk.0.attn_q.weight", expected: [256, 256], actual: [256, 288])) {
            try Self.load(broken)
        }
    }

    @Test func unsupportedTypeIsNamed() {
        // Q2_K: 84 bytes per 256 values; the kernels do not compute on it.
        let data = [UInt8](repeating: 0, count: 128 / 1 * 84)
        let broken = Self.rebuilt(
            SyntheticModel.writer(.llama), replacing: ("blk.0.attn_k.weight", [256, 128], .q2_K, data))
        #expect(throws: TransformerError.unsupportedTensorType(tensor: "blk.0.attn_k.weight", type: "Q2_K")) {
            try Self.load(broken)
        }
    }

    @Test func unsupportedArchitectureAndMissingMetadata() {
        let mamba = Self.rebuilt(SyntheticModel.writer(.llama)) { metadata in
            metadata[0] = ("general.architecture", .string("mamba"))
        }
        #expect(throws: TransformerError.unsupportedArchitecture("mamba", supported: TransformerModel.supportedArchitectures)) {
            try Self.load(mamba)
        }
        let noWidth = Self.rebuilt(SyntheticModel.writer(.llama)) { metadata in
            metadata.removeAll { $0.0 == "llama.embedding_length" }
        }
        #expect(throws: TransformerError.missingMetadata(key: "llama.embedding_length")) { try Self.load(noWidth) }
    }

    @Test func yarnScalingIsRefused() {
        let yarn = Self.rebuilt(SyntheticModel.writer(.qwen2)) { metadata in
            metadata.append(("qwen2.rope.scaling.type", .string("yarn")))
            metadata.append(("qwen2.rope.scaling.factor", .float32(4)))
        }
        #expect(throws: TransformerError.unsupportedRopeScaling(type: "yarn")) { try Self.load(yarn) }
    }

    @Test func contextLongerThanTheModelIsRefused() {
        #expect(throws: TransformerError.contextLengthTooLarge(requested: 1000, modelMaximum: 128)) {
            try Self.load(SyntheticModel.writer(.llama), options: TransformerOptions(contextLength: 1000))
        }
    }
}

extension HyperParameters {
    /// RoPE base of `layer`.
    func ropeFreqBase(layer: Int) -> Float { layers[layer].ropeFreqBase }
}
