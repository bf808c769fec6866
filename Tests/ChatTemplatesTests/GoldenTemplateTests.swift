import ChatTemplates
import InferenceTypes
import Jinja
import Testing

/// Every case of every golden file, rendered from its JSON context, must match jinja2 byte for byte.
@Suite struct GoldenTemplateTests {
    @Test func everyGoldenCaseMatchesJinja2() throws {
        let files = try GoldenFixtures.loadAll()
        #expect(files.count == 14)
        var total = 0
        var passed = 0
        for file in files {
            let template = try Template(file.source)
            let environment = RenderEnvironment.frozen(at: file.frozenNow)
            for golden in file.cases {
                total += 1
                let label = "\(file.name) / \(golden.id)"
                let result = Result { () throws(TemplateError) -> String in
                    try template.render(GoldenFixtures.variables(golden.context), environment: environment)
                }
                switch (golden.expected, result) {
                case (.output(let expected), .success(let output)):
                    #expect(output == expected, "\(label)")
                    if output == expected { passed += 1 }
                case (.raises(let message), .failure(let error)):
                    #expect(error.kind == .raised, "\(label): \(error)")
                    #expect(error.message == message, "\(label)")
                    if error.kind == .raised && error.message == message { passed += 1 }
                case (.error, .failure):
                    passed += 1
                case (_, .success(let output)):
                    Issue.record("\(label): expected a failure, rendered \(output.debugDescription)")
                case (_, .failure(let error)):
                    Issue.record("\(label): unexpected error \(error)")
                }
            }
        }
        #expect(total == 112)
        #expect(passed == total, "\(passed) of \(total) golden cases match")
    }
}
