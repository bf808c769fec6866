import ChatTemplates
import Foundation
import InferenceTypes
import Jinja
import TestSupport

/// The chat-template goldens rendered by Python's jinja2 (`../shared/fixtures/templates/golden/*.json`).
struct GoldenFile: Sendable {
    /// The golden file's name without extension.
    let name: String
    /// The template source (`templates/<template>`).
    let source: String
    /// The frozen clock the goldens were rendered with.
    let frozenNow: LocalDateTime
    let cases: [GoldenCase]
}

/// One conversation of a golden file.
struct GoldenCase: Sendable {
    enum Expected: Sendable {
        /// The exact render.
        case output(String)
        /// `raise_exception` was called with this message.
        case raises(String)
        /// jinja2 itself failed.
        case error(String)
    }

    let id: String
    /// The full set of template variables.
    let context: JSONValue
    let expected: Expected
}

enum GoldenFixtures {
    struct LoadError: Error, CustomStringConvertible {
        let description: String
    }

    static var directory: URL { TestPaths.fixture("templates/golden") }

    static func json(at url: URL) throws -> JSONValue {
        let text = try String(contentsOf: url, encoding: .utf8)
        return try JSONValue.parse(text)
    }

    /// `2026-01-15T09:30:00`
    static func parseDate(_ text: String) throws -> LocalDateTime {
        let parts = text.split(whereSeparator: { "-T:".contains($0) }).compactMap { Int($0) }
        guard parts.count >= 6 else { throw LoadError(description: "bad frozen_now \(text)") }
        return LocalDateTime(year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4], second: parts[5])
    }

    /// Every golden file, sorted by name.
    static func loadAll() throws -> [GoldenFile] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".json") }.sorted()
        return try names.map { try load(String($0.dropLast(5))) }
    }

    static func load(_ name: String) throws -> GoldenFile {
        let root = try json(at: directory.appendingPathComponent(name + ".json"))
        guard let templateName = root["template"]?.stringValue,
            let frozen = root["frozen_now"]?.stringValue,
            let cases = root["cases"]?.arrayValue
        else { throw LoadError(description: "\(name): missing template, frozen_now or cases") }
        let source = try String(
            contentsOf: TestPaths.fixture("templates").appendingPathComponent(templateName), encoding: .utf8)
        var parsed: [GoldenCase] = []
        for c in cases {
            guard let id = c["id"]?.stringValue, let context = c["context"] else {
                throw LoadError(description: "\(name): case without id or context")
            }
            let expected: GoldenCase.Expected
            if let output = c["output"]?.stringValue {
                expected = .output(output)
            } else if let raised = c["raises"]?.stringValue {
                expected = .raises(raised)
            } else if let error = c["error"]?.stringValue {
                expected = .error(error)
            } else {
                throw LoadError(description: "\(name)/\(id): no output, raises or error")
            }
            parsed.append(GoldenCase(id: id, context: context, expected: expected))
        }
        return GoldenFile(name: name, source: source, frozenNow: try parseDate(frozen), cases: parsed)
    }

    /// The context object as template variables, through the same JSON → Value path ChatTemplates uses.
    static func variables(_ context: JSONValue) -> [String: Value] {
        var variables: [String: Value] = [:]
        for (key, value) in context.objectValue ?? [] { variables[key] = Value(value) }
        return variables
    }
}
