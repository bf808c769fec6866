import Jinja
import Testing

/// Malformed or hostile templates must throw a `TemplateError`, never crash or hang.
@Suite struct RobustnessTests {
    /// Renders if it parses; any outcome but a crash is fine. Returns whether parsing succeeded.
    @discardableResult
    private func parseAndRender(_ source: String, _ context: [String: Value]) -> Bool {
        guard let template = try? Template(source) else { return false }
        _ = try? template.render(context, environment: JinjaFixtures.frozen)
        return true
    }

    @Test func everyRealTemplateCutShortThrowsOrRenders() throws {
        let context = try JinjaFixtures.goldenContext("tool_roundtrip")
        var cuts = 0
        var syntaxErrors = 0
        for (_, source) in try JinjaFixtures.realTemplates() {
            let scalars = Array(source.unicodeScalars)
            let step = max(1, scalars.count / 150)
            for end in stride(from: 0, to: scalars.count, by: step) {
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[..<end])
                cuts += 1
                if !parseAndRender(String(view), context) { syntaxErrors += 1 }
            }
        }
        #expect(cuts > 1500)
        #expect(syntaxErrors > cuts / 2, "most prefixes of a template are not valid templates")
    }

    @Test func garbledRealTemplatesThrowOrRender() throws {
        let context = try JinjaFixtures.goldenContext("tool_roundtrip")
        let alphabet = Array("{}%#-+()[]'\"|.,:=~!* \n\tabxyz019".unicodeScalars)
        var rng = SeededGenerator(state: 0x5EED)
        var mutants = 0
        for (_, source) in try JinjaFixtures.realTemplates() {
            let original = Array(source.unicodeScalars)
            for _ in 0..<120 {
                var scalars = original
                for _ in 0..<Int.random(in: 1...4, using: &rng) {
                    let i = Int.random(in: 0..<scalars.count, using: &rng)
                    switch Int.random(in: 0..<3, using: &rng) {
                    case 0: scalars.remove(at: i)
                    case 1: scalars.insert(alphabet.randomElement(using: &rng) ?? "{", at: i)
                    default: scalars[i] = alphabet.randomElement(using: &rng) ?? "}"
                    }
                }
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars)
                parseAndRender(String(view), context)
                mutants += 1
            }
        }
        #expect(mutants == 14 * 120)
    }

    @Test func deepNestingIsASyntaxErrorNotAStackOverflow() {
        let cases = [
            "{{ " + String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000) + " }}",
            "{{ " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + " }}",
            "{{ " + String(repeating: "not ", count: 5000) + "x }}",
            "{{ " + String(repeating: "-", count: 5000) + "1 }}",
            String(repeating: "{% if true %}", count: 2000) + String(repeating: "{% endif %}", count: 2000),
            "{{ " + String(repeating: "1 if x else ", count: 3000) + "2 }}",
        ]
        for (i, source) in cases.enumerated() {
            do {
                _ = try Template(source)
                Issue.record("deep nesting case \(i) parsed")
            } catch {
                #expect(error.kind == .syntax)
                #expect(error.message.contains("nests"), "\(error)")
            }
        }
        // Moderate nesting is fine.
        #expect((try? JinjaFixtures.render("{{ " + String(repeating: "(", count: 20) + "1" + String(repeating: ")", count: 20) + " }}")) == "1")
    }

    @Test func unboundedMacroRecursionStops() {
        #expect {
            try JinjaFixtures.render("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}")
        } throws: { error in
            (error as? TemplateError)?.message.contains("recursion depth") == true
        }
        #expect(throws: TemplateError.self) {
            try JinjaFixtures.render("{% for x in [[1]] recursive %}{{ loop([x]) }}{% endfor %}")
        }
        // Bounded recursion deeper than real templates need still works.
        let deep = try? JinjaFixtures.render(
            "{% macro count(n) %}{% if n > 0 %}{{ count(n - 1) }}{% else %}done{% endif %}{% endmacro %}{{ count(150) }}")
        #expect(deep == "done")
    }

    @Test func runawayLoopsAndHugeOutputStop() throws {
        let environment = RenderEnvironment(maxLoopIterations: 10_000, maxOutputLength: 1 << 20)
        let loops = try Template("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}")
        #expect(throws: TemplateError.self) { try loops.render([:], environment: environment) }
        let output = try Template("{% for i in range(5000) %}{{ 'x' * 1000 }}{% endfor %}")
        #expect(throws: TemplateError.self) { try output.render([:], environment: environment) }
        #expect(throws: TemplateError.self) { try JinjaFixtures.render("{{ 'x' * 100000000000 }}") }
        #expect(throws: TemplateError.self) { try JinjaFixtures.render("{{ '%999999999d' % 1 }}") }
        #expect(throws: TemplateError.self) { try JinjaFixtures.render("{{ 'a'.center(10000000000) }}") }
        #expect(throws: TemplateError.self) { try JinjaFixtures.render("{{ range(10000000000)|length }}") }
        #expect(try JinjaFixtures.render("{{ range(-9223372036854775807, 9223372036854775807, 4611686018427387904)|list }}")
            == "[-9223372036854775807, -4611686018427387903, 1, 4611686018427387905]")
        #expect(try JinjaFixtures.render("{{ [1, 2, 3][1::9223372036854775807] }}") == "[2]")
        #expect(throws: TemplateError.self) { try JinjaFixtures.render("{{ 9223372036854775807 + 1 }}") }
    }
}
