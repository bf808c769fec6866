import Foundation
import InferenceTypes
import Jinja
import Testing

/// Checks any folder of chat templates against jinja2: run `Fixtures/make_template_goldens.py <folder>` to render
/// them with Python, then `SWIFTLET_EXTRA_TEMPLATES=<folder> swift test --filter ExtraTemplateTests`.
/// Skipped when the variable is not set.
@Suite struct ExtraTemplateTests {
    static let folder = ProcessInfo.processInfo.environment["SWIFTLET_EXTRA_TEMPLATES"]

    @Test(.enabled(if: folder != nil)) func extraTemplatesMatchJinja2() throws {
        let directory = URL(fileURLWithPath: try #require(Self.folder))
        let root = try JSONValue.parse(try String(contentsOf: directory.appendingPathComponent("expected.json"), encoding: .utf8))
        let cases = try #require(root["cases"]?.arrayValue)
        var templates: [String: Template] = [:]
        var passed = 0
        for c in cases {
            let name = try #require(c["template"]?.stringValue)
            let label = "\(name) / \(c["id"]?.stringValue ?? "?")"
            if templates[name] == nil {
                let source = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
                do {
                    templates[name] = try Template(source)
                } catch {
                    Issue.record("\(name) does not parse: \(error)")
                    continue
                }
            }
            guard let template = templates[name] else { continue }
            let context = JinjaFixtures.variables(c["context"] ?? .null)
            let result = Result { () throws(TemplateError) -> String in
                try template.render(context, environment: JinjaFixtures.frozen)
            }
            switch (c["output"]?.stringValue, result) {
            case (let expected?, .success(let output)):
                #expect(output == expected, "\(label)")
                if output == expected { passed += 1 }
            case (nil, .failure(let error)):
                let kind = c["error"]?["kind"]?.stringValue
                if kind == "raised" {
                    #expect(error.kind == .raised && error.message == c["error"]?["message"]?.stringValue, "\(label)")
                }
                passed += 1
            case (_, .failure(let error)):
                Issue.record("\(label): unexpected error \(error)")
            case (nil, .success(let output)):
                Issue.record("\(label): jinja2 failed (\(c["error"]?["message"]?.stringValue ?? "")), we rendered \(output.debugDescription)")
            }
        }
        print("extra templates: \(passed) of \(cases.count) cases match jinja2")
        #expect(passed == cases.count)
    }
}
