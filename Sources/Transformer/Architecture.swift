/// One model architecture: how to read its hyperparameters, which tensors each block has, and the order in which a
/// block runs the shared pieces (norms, attention, feed-forward). One conforming type per file under
/// `Architectures/`; adding a model is one file and one line in ``ArchitectureRegistry``.
protocol Architecture: Sendable {
    /// The `general.architecture` value this type handles.
    static var name: String { get }

    /// Hyperparameters from the file's metadata; `vocabularySize` comes from the token embedding's shape.
    static func hyperParameters(
        _ reader: MetadataReader, vocabularySize: Int
    ) throws(TransformerError) -> HyperParameters

    /// Binds block `layer`'s tensors, checking names, shapes and types.
    static func bindLayer(
        _ layer: Int, _ hp: HyperParameters, _ binder: WeightBinder
    ) throws(TransformerError) -> LayerWeights

    /// Runs block `layer` over every row of the pass: reads and updates ``RunState/residual``.
    static func forwardLayer(_ layer: Int, _ weights: LayerWeights, _ pass: inout ForwardPass)
}

/// The supported architectures, keyed by `general.architecture`.
enum ArchitectureRegistry {
    /// Every supported architecture.
    static let all: [any Architecture.Type] = [Llama.self, Qwen2.self, Qwen3.self, Gemma3.self]

    /// Names of the supported architectures.
    static var names: [String] { all.map { $0.name } }

    /// The architecture called `name`, or an error listing the supported ones.
    static func architecture(named name: String?) throws(TransformerError) -> any Architecture.Type {
        guard let name, let found = all.first(where: { $0.name == name }) else {
            throw .unsupportedArchitecture(name, supported: names)
        }
        return found
    }
}
