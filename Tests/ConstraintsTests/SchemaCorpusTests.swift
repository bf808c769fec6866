import Constraints
import Foundation
import InferenceTypes
import Testing

/// The ≥40-schema corpus, generated without a model: random walks over the real SmolLM2 vocabulary among the
/// tokens the mask allows. Every finished output, and every capped output closed by the grammar's shortest
/// completion, must parse and validate with Python's `jsonschema` (the ground truth).
@Suite(.serialized) struct SchemaCorpusTests {
    static let seeds = 20

    @Test func corpusHasAtLeastFortySchemas() throws {
        #expect(try Corpus.schemas().count >= 40)
    }

    @Test func everyCorpusSchemaCompiles() throws {
        for (name, _, schema) in try Corpus.schemas() {
            do {
                _ = try ConstraintCompiler.compile(jsonSchema: schema)
            } catch {
                Issue.record("\(name): \(error)")
            }
        }
    }

    @Test func randomWalksValidateWithJSONSchema() throws {
        let vocab = try TestVocabularies.smolLM2.get()
        var records: [Corpus.Record] = []
        var complete = 0
        var capped = 0
        let printSamples = ProcessInfo.processInfo.environment["CONSTRAINTS_PRINT_SAMPLES"] != nil
        for (name, path, schema) in try Corpus.schemas() {
            let grammar = try ConstraintCompiler.compile(jsonSchema: schema)
            let walker = RandomGrammarWalker(vocabulary: vocab, grammar: grammar)
            for seed in 0..<Self.seeds {
                let explore = [0.3, 0.5, 0.7, 0.9][seed % 4]
                let out = walker.run(seed: UInt64(seed) &* 7919 &+ UInt64(name.utf8.count), explore: explore)
                for p in out.problems.prefix(3) { Issue.record("\(name) seed \(seed): \(p)") }
                if out.complete {
                    complete += 1
                    records.append(.init(id: "\(name)#\(seed)", text: String(decoding: out.bytes, as: UTF8.self), schemaFile: path))
                } else if let c = out.completed {
                    capped += 1
                    records.append(.init(id: "\(name)#\(seed)+completion", text: String(decoding: c, as: UTF8.self), schemaFile: path))
                }
                if printSamples, seed % 4 == 3, let last = records.last { print("\(last.id): \(JSONValue.string(last.text))") }
                if seed == 0 {
                    // Same seed, same output (what makes streamed and non-streamed answers identical).
                    let again = walker.run(seed: UInt64(seed) &* 7919 &+ UInt64(name.utf8.count), explore: explore)
                    #expect(again.tokens == out.tokens, "\(name): not deterministic")
                }
            }
        }
        print("corpus random walks: \(complete) finished, \(capped) capped (validated with their completion)")
        #expect(complete >= records.count * 3 / 4, "too few runs finished: \(complete) of \(records.count)")
        let result = try Corpus.validateWithPython(records)
        #expect(result.checked == records.count)
        for f in result.failures.prefix(20) { Issue.record("\(f.id): \(f.error)\n  text: \(f.text)") }
        #expect(result.failures.isEmpty)
    }

    /// The same on Gemma 3's SentencePiece vocabulary (byte-fallback tokens, `▁` spaces, 262k tokens).
    @Test func gemmaRandomWalksValidateWithJSONSchema() throws {
        let vocab = try TestVocabularies.gemma3.get()
        var records: [Corpus.Record] = []
        for (name, path, schema) in try Corpus.schemas() {
            let grammar = try ConstraintCompiler.compile(jsonSchema: schema)
            let walker = RandomGrammarWalker(vocabulary: vocab, grammar: grammar)
            for seed in 0..<5 {
                let out = walker.run(seed: UInt64(seed) &+ 1000, explore: [0.3, 0.6, 0.9][seed % 3])
                for p in out.problems.prefix(3) { Issue.record("\(name) seed \(seed): \(p)") }
                guard let text = out.complete ? out.bytes : out.completed else { continue }
                records.append(.init(id: "gemma:\(name)#\(seed)", text: String(decoding: text, as: UTF8.self), schemaFile: path))
            }
        }
        let result = try Corpus.validateWithPython(records)
        #expect(result.checked == records.count)
        for f in result.failures.prefix(20) { Issue.record("\(f.id): \(f.error)\n  text: \(f.text)") }
        #expect(result.failures.isEmpty)
    }

    @Test func jsonObjectModeProducesObjects() throws {
        let vocab = try TestVocabularies.smolLM2.get()
        let grammar = try #require(try ConstraintCompiler.compile(.jsonObject))
        let walker = RandomGrammarWalker(vocabulary: vocab, grammar: grammar)
        var records: [Corpus.Record] = []
        for seed in 0..<Self.seeds {
            let out = walker.run(seed: UInt64(seed), explore: 0.4)
            for p in out.problems.prefix(3) { Issue.record("seed \(seed): \(p)") }
            let text = out.complete ? out.bytes : (out.completed ?? out.bytes)
            records.append(.init(id: "json_object#\(seed)", text: String(decoding: text, as: UTF8.self), schemaFile: nil))
        }
        let result = try Corpus.validateWithPython(records)
        for f in result.failures.prefix(10) { Issue.record("\(f.id): \(f.error)\n  text: \(f.text)") }
        #expect(result.failures.isEmpty && result.checked == records.count)
    }
}
