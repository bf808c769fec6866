import Foundation
import InferenceTypes
import Jinja

/// Shared helpers for the Jinja tests: fixture files and JSON → template values.
enum JinjaFixtures {
    /// `Tests/JinjaTests/Fixtures`.
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    struct LoadError: Error, CustomStringConvertible {
        let description: String
    }

    static func json(_ name: String) throws -> JSONValue {
        try JSONValue.parse(try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8))
    }

    /// JSON to a template value, keeping key order and int/float.
    static func value(_ json: JSONValue) -> Value {
        switch json {
        case .null: return .none
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(Int(i))
        case .double(let d): return .double(d)
        case .string(let s): return .string(s)
        case .array(let items): return .array(items.map(value))
        case .object(let pairs): return Value(pairs: pairs.map { ($0.key, value($0.value)) })
        }
    }

    static func variables(_ json: JSONValue) -> [String: Value] {
        var variables: [String: Value] = [:]
        for (key, v) in json.objectValue ?? [] { variables[key] = value(v) }
        return variables
    }

    /// The clock the fixtures were rendered with.
    static let frozen = RenderEnvironment.frozen(at: LocalDateTime(year: 2026, month: 1, day: 15, hour: 9, minute: 30))

    /// Renders `source` with HF settings and the frozen clock.
    static func render(_ source: String, _ context: [String: Value] = [:]) throws(TemplateError) -> String {
        try Template(source).render(context, environment: frozen)
    }
}

import TestSupport

extension JinjaFixtures {
    /// The real chat templates of `../shared/fixtures/templates`, by file name.
    static func realTemplates() throws -> [(name: String, source: String)] {
        let directory = TestPaths.fixture("templates")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".jinja") }.sorted()
        return try names.map { ($0, try String(contentsOf: directory.appendingPathComponent($0), encoding: .utf8)) }
    }

    /// The context of one golden conversation (they are the same in every golden file).
    static func goldenContext(_ id: String) throws -> [String: Value] {
        let url = TestPaths.fixture("templates/golden/Qwen-Qwen3-0.6B.json")
        let root = try JSONValue.parse(try String(contentsOf: url, encoding: .utf8))
        for c in root["cases"]?.arrayValue ?? [] where c["id"]?.stringValue == id {
            return variables(c["context"] ?? .null)
        }
        throw LoadError(description: "no golden case \(id)")
    }
}

/// A small deterministic generator (SplitMix64) so fuzz cases are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
