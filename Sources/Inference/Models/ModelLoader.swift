public import ChatTemplates
public import Engine
public import GGUF
public import InferenceTypes
public import Tokenizers
public import Transformer
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How a model is loaded for serving or for the CLI.
public struct LoadOptions: Sendable, Hashable {
    /// Positions per sequence (`nil` = the model's own context, capped at `defaultContextCap`).
    public var contextLength: Int?
    /// Sequences that can run at once.
    public var slots: Int
    /// Most token rows per forward pass.
    public var maxBatchTokens: Int
    /// Worker threads (`nil` = every core).
    public var threads: Int?
    /// Requests waiting for a slot before new ones are refused.
    public var queueCapacity: Int
    /// Whether finished sequences' keys and values stay cached for later prompts with the same prefix (multi-turn
    /// chat, `n` > 1, shared system prompts).
    public var promptCache: Bool

    /// Context used when the model's own is larger and none was asked for (KV memory grows with it).
    public static let defaultContextCap = 8192

    public init(contextLength: Int? = nil, slots: Int = 4, maxBatchTokens: Int = 64, threads: Int? = nil,
        queueCapacity: Int = 64, promptCache: Bool = true)
    {
        self.promptCache = promptCache
        self.contextLength = contextLength
        self.slots = slots
        self.maxBatchTokens = maxBatchTokens
        self.threads = threads
        self.queueCapacity = queueCapacity
    }
}

/// Why a model could not be loaded; the message names the file and the problem.
public struct ModelLoadError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A loaded model: everything the CLI and the service need.
public struct LoadedModel: Sendable {
    public let resolved: ResolvedModel
    public let file: GGUFFile
    public let tokenizer: Tokenizer
    public let template: ChatTemplate
    public let templateSource: ChatTemplateSource
    public let transformer: TransformerModel
    public let engine: Engine

    /// Loads `resolved` with `options`.
    public static func load(_ resolved: ResolvedModel, options: LoadOptions = LoadOptions()) throws(ModelLoadError)
        -> LoadedModel
    {
        do {
            let (file, tokenizer, template, source) = try openFile(resolved.path)
            let trained = file.metadata.int("\(file.architecture ?? "").context_length") ?? LoadOptions.defaultContextCap
            let context = options.contextLength ?? min(trained, LoadOptions.defaultContextCap)
            let transformer = try TransformerModel(file: file, options: TransformerOptions(
                contextLength: context, slotCount: options.slots, maxBatchTokens: options.maxBatchTokens,
                threadCount: options.threads))
            let engine = Engine(model: TransformerBatchModel(transformer), tokenizer: tokenizer,
                queueCapacity: options.queueCapacity, promptCache: options.promptCache)
            let loaded = LoadedModel(resolved: resolved, file: file, tokenizer: tokenizer, template: template,
                templateSource: source, transformer: transformer, engine: engine)
            returnFreedHeapToSystem()
            return loaded
        } catch let e as GGUFError {
            throw ModelLoadError(e.description)
        } catch let e as TokenizerError {
            throw ModelLoadError("\(resolved.path): \(e)")
        } catch let e as TransformerError {
            throw ModelLoadError("\(resolved.path): \(e)")
        } catch {
            throw ModelLoadError("\(resolved.path): \(error)")
        }
    }

    /// Parses the file and builds its tokenizer and chat template; returns the file without the metadata arrays the
    /// tokenizer copied (the parsed copy is released when this returns, which keeps peak RSS down).
    private static func openFile(_ path: String) throws -> (GGUFFile, Tokenizer, ChatTemplate, ChatTemplateSource) {
        let parsed = try GGUFFile(path: path)
        let tokenizer = try Tokenizer.load(from: parsed)
        let (template, source) = try ChatTemplate.forModel(parsed)
        return (parsed.droppingLargeArrays(), tokenizer, template, source)
    }

    /// Hands the heap pages freed while loading (the parsed vocabulary, the tokenizer's build tables) back to the
    /// system, so they do not stay in the process's resident set for its whole life.
    private static func returnFreedHeapToSystem() {
        #if canImport(Glibc)
        // glibc's `malloc_trim` (malloc.h is not part of the Glibc module): looked up, skipped if absent (musl).
        typealias MallocTrim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: MallocTrim.self)(0)
        #endif
    }

    /// The model as the service serves it, under `id` (default: the resolved id).
    public func served(created: Int = 0, id: String? = nil) -> ServedModel {
        let name = file.metadata.string("general.name") ?? resolved.id
        let descriptor = ModelDescriptor(
            id: id ?? resolved.id, displayName: resolved.catalogEntry?.displayName ?? name, created: created,
            ownedBy: "swiftlet", contextLength: transformer.contextLength, capabilities: ["chat", "completions"],
            pricing: resolved.catalogEntry?.pricing)
        var served = ServedModel(descriptor: descriptor, tokenizer: tokenizer, template: template, engine: engine)
        served.samplingDefaults = fileSamplingDefaults
            .overriding(resolved.catalogEntry?.sampling ?? SamplingDefaults())
            .overriding(.server)
        served.defaultMaxTokens = resolved.catalogEntry?.defaultMaxTokens ?? ServedModel.standardMaxTokens
        served.thinkingStyle = resolved.catalogEntry?.thinkingStyle ?? .tags
        return served
    }

    /// The sampling settings this model's file recommends (`samplingDefaults(in:)` of its metadata).
    public var fileSamplingDefaults: SamplingDefaults { Self.samplingDefaults(in: file.metadata) }

    /// The sampling settings a GGUF recommends in its `general.sampling.*` keys (llama.cpp's names; the repetition
    /// penalty also under its Hugging Face name).
    public static func samplingDefaults(in metadata: GGUFMetadata) -> SamplingDefaults {
        SamplingDefaults(
            temperature: metadata.double("general.sampling.temp"),
            topK: metadata.int("general.sampling.top_k"),
            topP: metadata.double("general.sampling.top_p"),
            minP: metadata.double("general.sampling.min_p"),
            repetitionPenalty: metadata.double("general.sampling.penalty_repeat")
                ?? metadata.double("general.sampling.repetition_penalty"))
    }
}
