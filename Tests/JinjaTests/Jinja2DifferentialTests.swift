import InferenceTypes
import Jinja
import Testing

/// Small templates covering the language (whitespace control, Python semantics, filters, tests, methods,
/// loops, macros, scoping, errors), rendered by Python's jinja2 3.1.6 with Hugging Face's settings
/// (`Fixtures/make_jinja2_cases.py` → `Fixtures/jinja2_cases.json`). Each must render byte-identically, or fail
/// the same way: syntax errors at parse time, runtime errors at render time, `raise_exception` with its message.
@Suite struct Jinja2DifferentialTests {
    @Test func everyCaseMatchesJinja2() throws {
        let root = try JinjaFixtures.json("jinja2_cases.json")
        let cases = try #require(root["cases"]?.arrayValue)
        #expect(cases.count >= 590)
        var passed = 0
        for c in cases {
            let name = c["name"]?.stringValue ?? "?"
            let source = try #require(c["template"]?.stringValue)
            let context = JinjaFixtures.variables(c["context"] ?? root["context"] ?? .null)
            let parsed = Result { () throws(TemplateError) -> Template in try Template(source) }
            let rendered = parsed.flatMap { template in
                Result { () throws(TemplateError) -> String in
                    try template.render(context, environment: JinjaFixtures.frozen)
                }
            }
            if let expected = c["output"]?.stringValue {
                switch rendered {
                case .success(let output):
                    #expect(output == expected, "\(name)")
                    if output == expected { passed += 1 }
                case .failure(let error):
                    Issue.record("\(name): expected \(expected.debugDescription), got error \(error)")
                }
                continue
            }
            let kind = c["error"]?["kind"]?.stringValue ?? "?"
            let message = c["error"]?["message"]?.stringValue ?? ""
            switch (kind, parsed, rendered) {
            case ("syntax", .failure(let error), _):
                #expect(error.kind == .syntax, "\(name): \(error)")
                #expect(error.location != nil, "\(name): a syntax error must say where")
                passed += 1
            case ("runtime", .success, .failure(let error)):
                #expect(error.kind == .runtime, "\(name): \(error)")
                passed += 1
            case ("raised", .success, .failure(let error)):
                #expect(error.kind == .raised && error.message == message, "\(name): \(error)")
                passed += 1
            case (_, .failure(let error), _):
                Issue.record("\(name): jinja2 failed at \(kind) time (\(message)), we failed to parse: \(error)")
            case (_, _, .success(let output)):
                Issue.record("\(name): jinja2 failed (\(kind): \(message)), we rendered \(output.debugDescription)")
            case (_, _, .failure(let error)):
                Issue.record("\(name): jinja2 failed (\(kind): \(message)), we failed differently: \(error)")
            }
        }
        #expect(passed == cases.count, "\(passed) of \(cases.count) jinja2 cases match")
    }
}
