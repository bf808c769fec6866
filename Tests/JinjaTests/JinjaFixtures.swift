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
