import Constraints
import Foundation
import InferenceTypes
import TestSupport

/// The schema corpus and the Python validator, shared by the property tests and benchmarks.
enum Corpus {
    /// `Tests/ConstraintsTests/Fixtures/schemas`.
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/schemas")

    /// (name, schema file path, parsed schema), sorted by name.
    static func schemas() throws -> [(name: String, path: String, schema: JSONValue)] {
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }
        return try files.sorted().map { f in
            let path = directory.appendingPathComponent(f).path
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            return (String(f.dropLast(5)), path, try JSONValue.parse([UInt8](data)))
        }
    }

    /// One output to validate.
    struct Record {
        var id: String
        var text: String
        /// Schema file, or `nil` for json_object mode.
        var schemaFile: String?
    }

    struct ValidationResult: Decodable {
        struct Failure: Decodable {
            var id: String
            var text: String
            var error: String
        }
        var checked: Int
        var failures: [Failure]
    }

    /// Runs `Tests/python/validate_json.py` over all records in one process.
    static func validateWithPython(_ records: [Record]) throws -> ValidationResult {
        var lines = ""
        for r in records {
            var obj: [(String, JSONValue)] = [("id", .string(r.id)), ("text", .string(r.text))]
            if let f = r.schemaFile { obj.append(("schema_file", .string(f))) } else { obj.append(("schema", .null)) }
            lines += JSONValue.makeObject(obj).serialized() + "\n"
        }
        let input = FileManager.default.temporaryDirectory.appendingPathComponent("constraints-\(UUID().uuidString).jsonl")
        try lines.write(to: input, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: input) }
        let script = TestPaths.packageRoot.appendingPathComponent("Tests/python/validate_json.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, input.path]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard let result = try? JSONDecoder().decode(ValidationResult.self, from: data) else {
            throw PythonFailed(
                message: "validate_json.py exited \(process.terminationStatus): "
                    + String(decoding: errData, as: UTF8.self))
        }
        return result
    }

    struct PythonFailed: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}

/// Generates text by sampling among the tokens the matcher allows: each step either picks uniformly among all
/// allowed tokens (exploration) or the longest allowed token that starts the grammar's shortest completion
/// (so that most runs finish).
struct RandomGrammarWalker {
    let vocabulary: ConstraintVocabulary
    let grammar: CompiledGrammar
    var maxTokens = 300

    struct Output {
        var bytes: [UInt8]
        var tokens: [TokenID]
        /// Finished with an end-of-generation token.
        var complete: Bool
        /// For a capped run: the text plus the grammar's shortest completion.
        var completed: [UInt8]?
        /// Steps where `allows` disagreed with the full mask, or where no token was allowed.
        var problems: [String]
        /// Per step: nanoseconds to build the full mask, and to check the chosen token with `allows`.
        var maskNanos: [Int] = []
        var allowsNanos: [Int] = []
    }

    /// Whether to cross-check `allows` against the mask on random tokens each step (off when timing).
    var crossCheck = true

    func run(seed: UInt64, explore: Double) -> Output {
        var rng = SplitMix64(seed: seed)
        var m = GrammarMatcher(grammar: grammar, vocabulary: vocabulary)
        var mask = TokenBitset(capacity: vocabulary.count)
        var out = Output(bytes: [], tokens: [], complete: false, completed: nil, problems: [])
        let clock = ContinuousClock()
        for step in 0..<maxTokens {
            let t0 = clock.now
            m.fillMask(into: &mask)
            out.maskNanos.append(Self.nanos(clock.now - t0))
            let allowed = mask.members
            if allowed.isEmpty {
                out.problems.append("step \(step): no token allowed")
                return out
            }
            // allows() must agree with the full mask.
            for _ in 0..<(crossCheck ? 24 : 0) {
                let t = TokenID(Int.random(in: 0..<vocabulary.count, using: &rng))
                if m.allows(token: t) != mask.contains(t) { out.problems.append("step \(step): allows(\(t)) disagrees") }
            }
            for _ in 0..<(crossCheck ? 4 : 0) {
                let t = allowed[Int.random(in: 0..<allowed.count, using: &rng)]
                if !m.allows(token: t) { out.problems.append("step \(step): allows(\(t)) false for a mask member") }
            }
            var choice = allowed[Int.random(in: 0..<allowed.count, using: &rng)]
            // Vocabularies hold many whitespace runs; redraw once so structure gets explored more than layout.
            if vocabulary.bytes(of: choice).allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x09 }) {
                choice = allowed[Int.random(in: 0..<allowed.count, using: &rng)]
            }
            if Double.random(in: 0..<1, using: &rng) >= explore, let completion = m.shortestCompletion() {
                if completion.isEmpty {
                    if let eog = allowed.first(where: isEnd) { choice = eog }
                } else {
                    var best: (TokenID, Int)?
                    for t in allowed {
                        let b = vocabulary.bytes(of: t)
                        if !b.isEmpty, b.count <= completion.count, completion.starts(with: b),
                            best == nil || b.count > best?.1 ?? 0
                        {
                            best = (t, b.count)
                        }
                    }
                    if let best { choice = best.0 }
                }
            }
            let t1 = clock.now
            let allowedChoice = m.allows(token: choice)
            out.allowsNanos.append(Self.nanos(clock.now - t1))
            if !allowedChoice { out.problems.append("step \(step): allows(\(choice)) false for a mask member") }
            let ended = isEnd(choice)
            if !m.accept(token: choice) {
                out.problems.append("step \(step): accept(\(choice)) failed for a mask member")
                return out
            }
            out.tokens.append(choice)
            if ended {
                out.complete = true
                return out
            }
            out.bytes.append(contentsOf: vocabulary.bytes(of: choice))
        }
        out.completed = m.shortestCompletion().map { out.bytes + $0 }
        if out.completed == nil { out.problems.append("capped run has no completion") }
        return out
    }

    static func nanos(_ d: Duration) -> Int {
        Int(d.components.seconds) * 1_000_000_000 + Int(d.components.attoseconds / 1_000_000_000)
    }

    /// Whether `t` is an end-of-generation token (allowed by the mask only when complete).
    private func isEnd(_ t: TokenID) -> Bool { vocabulary.endOfGeneration.contains(t) }
}
