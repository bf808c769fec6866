import Constraints
import Foundation
import Inference
import InferenceTypes
import Testing
import TestSupport

/// The schema corpus at a tight cap (`max_tokens: 96`, temperature 1.0, SmolLM2, 10 seeds per schema): with
/// length-aware decoding every schema whose shortest encoding fits (`GrammarMatcher.tokensToFinish` at the start,
/// one token per byte plus the end token) finishes `stop` with JSON that Python's `jsonschema` validates, on every
/// seed; a schema whose shortest encoding does not fit ends at the cap. Run in release.
@Suite(.serialized)
struct RealModelCorpusCapTests {
    static let maxTokens = 96
    static let seedsPerSchema = 10

    @Test func corpusAtATightCapFinishesWhereverItFits() async throws {
        let model = try LoadedModel.load(
            ResolvedModel(path: try TestPaths.model(fileName: TestPaths.smolLM2)),
            options: LoadOptions(contextLength: 1024, slots: 16))
        let service = LocalInferenceService(models: [model.served(id: "smol")])
        let schemas = try Corpus.schemas()
        let floors = try schemas.map { entry in
            GrammarMatcher(grammar: try ConstraintCompiler.compile(jsonSchema: entry.schema),
                vocabulary: SyntheticVocabulary.index).tokensToFinish
        }
        struct Outcome: Sendable {
            var schema: Int
            var seed: Int
            var text: String
            var finish: FinishReason?
        }
        var outcomes: [Outcome] = []
        try await withThrowingTaskGroup(of: [Outcome].self) { group in
            var next = 0
            func add() {
                guard next < schemas.count else { return }
                let i = next
                next += 1
                var r = ChatRequest(model: "smol", messages: [
                    ChatMessage(role: .system, text: "Reply with one JSON value that is valid against this JSON Schema, and nothing else.\n"
                        + schemas[i].schema.serialized()),
                    ChatMessage(role: .user, text: "Give an example."),
                ])
                r.sampling.temperature = 1.0
                r.sampling.seed = UInt64(1000 * i)
                r.maxTokens = Self.maxTokens
                r.n = Self.seedsPerSchema
                r.responseFormat = .jsonSchema(name: schemas[i].name, schema: schemas[i].schema, strict: true)
                group.addTask {
                    var acc = ChatResultAccumulator()
                    for try await item in try await service.chat(r) { acc.add(item) }
                    return acc.result.choices.enumerated().map { k, c in
                        Outcome(schema: i, seed: k, text: c.content, finish: c.finishReason)
                    }
                }
            }
            for _ in 0..<3 { add() }
            while let out = try await group.next() {
                outcomes += out
                add()
            }
        }
        let fits = Set(schemas.indices.filter { floors[$0] <= Self.maxTokens })
        let stopped = outcomes.filter { $0.finish == .stop }
        let records = stopped.map { o in
            Corpus.Record(id: "\(schemas[o.schema].name)#\(o.seed)", text: o.text, schemaFile: schemas[o.schema].path)
        }
        let result = try Corpus.validateWithPython(records)
        let invalid = Set(result.failures.map(\.id))
        let good = records.filter { !invalid.contains($0.id) }.count
        let fittingOutcomes = outcomes.filter { fits.contains($0.schema) }
        let fittingGood = stopped.filter {
            fits.contains($0.schema) && !invalid.contains("\(schemas[$0.schema].name)#\($0.seed)")
        }.count
        print("corpus at max_tokens \(Self.maxTokens): \(schemas.count) schemas, \(fits.count) whose shortest encoding fits; "
            + "\(outcomes.count) outputs, \(stopped.count) stop, \(good) stop and valid; fitting schemas: "
            + "\(fittingGood)/\(fittingOutcomes.count) stop and valid")
        let tooLong = schemas.indices.filter { !fits.contains($0) }.map { "\(schemas[$0].name) (\(floors[$0]))" }
        if !tooLong.isEmpty { print("  shortest encoding over the cap: " + tooLong.joined(separator: ", ")) }
        #expect(outcomes.count == schemas.count * Self.seedsPerSchema)
        #expect(result.failures.isEmpty)
        for f in result.failures.prefix(10) { Issue.record("\(f.id): \(f.error)\n\(f.text)") }
        for o in fittingOutcomes where o.finish != .stop {
            Issue.record("\(schemas[o.schema].name)#\(o.seed): \(String(describing: o.finish)) although the shortest encoding (\(floors[o.schema]) tokens) fits\n\(o.text)")
        }
        #expect(fittingGood == fittingOutcomes.count)
    }
}
