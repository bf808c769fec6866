import Jinja
import Testing

/// Templates of a few dozen bytes that would need gigabytes of memory or hours of work fail fast with a
/// `TemplateError`: a chat template comes from a model file, and the server renders it on every request. Found with
/// the `jinja` fuzz target, whose renders run under small limits (scripts/fuzz.sh).
@Suite struct ResourceLimitTests {
    /// The fixtures' environment with a 1 MB output limit, which also caps every string and list at 1M bytes or items.
    static let small: RenderEnvironment = {
        var environment = JinjaFixtures.frozen
        environment.maxOutputLength = 1 << 20
        return environment
    }()

    private func expectTooLarge(_ source: String, _ environment: RenderEnvironment = small) {
        do {
            let text = try Template(source).render([:], environment: environment)
            Issue.record("rendered \(text.utf8.count) bytes: \(source)")
        } catch {
            #expect(error.message.contains("too large") || error.message.contains("built more than"), "\(source): \(error)")
        }
    }

    @Test func concatenationStopsAtTheResultLimit() throws {
        expectTooLarge("{% set a = [0] * 600000 %}{{ (a + a)|length }}")
        expectTooLarge("{% set s = 'x' * 600000 %}{{ (s + s)|length }}")
        expectTooLarge("{% set s = 'x' * 600000 %}{{ (s ~ s)|length }}")
        // The server's limit: 16M bytes or items.
        expectTooLarge("{% set s = 'x' * 16000000 %}{{ (s ~ s)|length }}", JinjaFixtures.frozen)
        #expect(try Template("{% set s = 'x' * 400000 %}{{ (s ~ s)|length }}").render([:], environment: Self.small) == "800000")
    }

    @Test func aListHoldingOneValueManyTimesCannotPrintHugeText() {
        // 10,000 references to one 1,000-byte string: 40 KB of memory, 10 MB of text.
        let list = "{% set a = ['x' * 1000] * 10000 %}"
        for use in [
            "{{ a }}", "{{ a|string|length }}", "{{ a|tojson|length }}", "{{ a|pprint|length }}", "{{ a|join|length }}",
            "{{ ('%s' % [a])|length }}", "{{ '{0}'.format(a)|length }}", "{{ ('' ~ a)|length }}",
            "{{ [a, a]|tojson|length }}", "{{ a|join(',')|length }}",
        ] {
            expectTooLarge(list + use)
        }
    }

    @Test func operationsThatMultiplyTheirInputStopAtTheResultLimit() {
        expectTooLarge("{{ ('a' * 10000)|replace('a', 'b' * 1000)|length }}")
        expectTooLarge("{{ ('a' * 10000).replace('a', 'b' * 1000)|length }}")
        expectTooLarge("{{ ('a' * 10000).replace('', 'b' * 1000)|length }}")
        expectTooLarge("{{ ('b' * 1000).join(['a'] * 10000)|length }}")
        expectTooLarge("{{ ('\\n' * 10000)|indent('x' * 1000, true, true)|length }}")
        expectTooLarge("{{ range(1000)|list|tojson(indent='x' * 10000)|length }}")
        expectTooLarge("{{ ('{0}' * 1000).format('x' * 10000)|length }}")
        expectTooLarge("{{ (('%(a)s' * 1000) % {'a': 'x' * 10000})|length }}")
        expectTooLarge("{{ range(1000)|list|tojson(separators=('x' * 10000, ':'))|length }}")
    }

    @Test func loopsCannotBuildMoreThanTheBudget() {
        var environment = JinjaFixtures.frozen
        environment.maxBuiltBytes = 64 << 20
        // Each string is within every limit; together they would take 20 GB.
        expectTooLarge(
            "{% set ns = namespace(l=[]) %}{% for i in range(20000) %}{% set ns.l = ns.l + [('a' * 1000000) ~ i] %}"
                + "{% endfor %}{{ ns.l|length }}", environment)
        // Copying a large list over and over builds as much as keeping the copies would.
        expectTooLarge("{% set a = range(100000)|list %}{% for i in range(2000) %}{{ a[1:]|length }}{% endfor %}", environment)
    }

    @Test func realTemplatesRenderLongConversationsWithinTheDefaultLimits() throws {
        var context = try JinjaFixtures.goldenContext("tool_roundtrip")
        var messages: [Value] = []
        for i in 0..<400 {
            let text = String(repeating: "word \(i) ", count: 500)
            messages.append(Value(pairs: [("role", .string(i % 2 == 0 ? "user" : "assistant")), ("content", .string(text))]))
        }
        context["messages"] = .array(messages)
        for (name, source) in try JinjaFixtures.realTemplates() {
            do {
                let prompt = try Template(source).render(context, environment: JinjaFixtures.frozen)
                #expect(prompt.utf8.count > 400 * 3000, "\(name)")
            } catch {
                #expect(!error.message.contains("too large") && !error.message.contains("built more than"), "\(name): \(error)")
            }
        }
    }

    @Test func substringSearchTakesLinearTime() throws {
        // A naive search compares about 10^12 bytes here.
        let source = "{% set a = 'a' * 1000000 %}{{ (a ~ 'b') in (a ~ a) }}|{{ (a ~ a).count(a ~ 'b') }}|"
            + "{{ (a ~ a).rfind('b' ~ a) }}|{{ (a ~ a).replace(a ~ 'b', '')|length }}"
        #expect(try JinjaFixtures.render(source) == "False|0|-1|2000000")
        let cases = "{{ 'abcabc'.rfind('bc') }}|{{ 'abcabc'.find('ca') }}|{{ 'aaaa'.count('aa') }}|"
            + "{{ 'a,b,c'.rsplit(',', 1) }}|{{ 'xyxyx'.replace('yx', '-') }}|{{ 'abab'.rindex('ab') }}|{{ 'ab'.rfind('') }}"
        #expect(try JinjaFixtures.render(cases) == "4|2|2|['a,b', 'c']|x--|2|2")
    }

    @Test func uniqueOfManyDistinctItemsTakesLinearTime() throws {
        #expect(try JinjaFixtures.render("{{ range(100000)|unique|list|length }}") == "100000")
        #expect(try JinjaFixtures.render("{{ [1, 1.0, true, '1', 'a', 'A', none, none, 2.5]|unique|list }}") == "[1, '1', 'a', None, 2.5]")
        #expect(try JinjaFixtures.render("{{ ['a', 'A']|unique(case_sensitive=true)|list }}") == "['a', 'A']")
    }
}
