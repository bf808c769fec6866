import Jinja
import Testing

/// The public API: errors with locations, options, the clock, values built from Swift data, concurrency.
@Suite struct TemplateAPITests {
    private func syntaxError(_ source: String) -> TemplateError? {
        do {
            _ = try Template(source)
            return nil
        } catch {
            return error
        }
    }

    private func renderError(_ source: String, _ context: [String: Value] = [:]) -> TemplateError? {
        do {
            _ = try JinjaFixtures.render(source, context)
            return nil
        } catch {
            return error
        }
    }

    @Test func syntaxErrorsReportLineAndColumn() throws {
        // The offending token: `}}` where an operand was expected.
        let missingOperand = try #require(syntaxError("Hello\n{{ 1 + }}"))
        #expect(missingOperand.kind == .syntax)
        #expect(missingOperand.location == SourceLocation(line: 2, column: 8))

        let strayEnd = try #require(syntaxError("{% if x %}\nA\n{% endfor %}"))
        #expect(strayEnd.location == SourceLocation(line: 3, column: 4))
        #expect(strayEnd.message.contains("endfor"))
        #expect(strayEnd.message.contains("'if' at line 1, column 1"))

        let unterminated = try #require(syntaxError("ab {{ 'abc }}"))
        #expect(unterminated.location == SourceLocation(line: 1, column: 7))

        let noIterable = try #require(syntaxError("a\n\n  {% for x in %}"))
        #expect(noIterable.location == SourceLocation(line: 3, column: 15))

        let unclosed = try #require(syntaxError("{% for x in y %}\n  {% if x %}\nabc"))
        #expect(unclosed.location == SourceLocation(line: 3, column: 4))
        #expect(unclosed.message.contains("'if' at line 2, column 3"))

        let comment = try #require(syntaxError("x\n {# open"))
        #expect(comment.location == SourceLocation(line: 2, column: 2))

        let unknownFilter = try #require(syntaxError("{{ x | nofilter }}"))
        #expect(unknownFilter.location == SourceLocation(line: 1, column: 8))
        #expect(unknownFilter.description == "template syntax error at line 1, column 8: no filter named 'nofilter'")

        // Columns count code points, as Python does.
        let wide = try #require(syntaxError("日本😀 {{ ) }}"))
        #expect(wide.location == SourceLocation(line: 1, column: 8))
    }

    @Test func runtimeErrorsSayWhatAndWhere() throws {
        let attribute = try #require(renderError("line1\n  {{ missing.attr }}"))
        #expect(attribute.kind == .runtime)
        #expect(attribute.message == "'missing' is undefined")
        #expect(attribute.location?.line == 2)

        let typeError = try #require(renderError("{{ 'a' + 1 }}"))
        #expect(typeError.message == "can only concatenate str (not \"int\") to str")
        #expect(typeError.location == SourceLocation(line: 1, column: 8))

        let raised = try #require(renderError("\n\n{{ raise_exception('Roles must alternate') }}"))
        #expect(raised.kind == .raised)
        #expect(raised.message == "Roles must alternate")
        #expect(raised.location?.line == 3)
    }

    @Test func strftimeNowUsesTheInjectedClock() throws {
        let template = try Template("{{ strftime_now('%Y-%m-%d %H:%M:%S %A %B') }}")
        let leap = LocalDateTime(year: 2024, month: 2, day: 29, hour: 23, minute: 59, second: 58)
        #expect(try template.render([:], environment: .frozen(at: leap)) == "2024-02-29 23:59:58 Thursday February")
        let epoch = RenderEnvironment(now: { LocalDateTime(year: 1970, month: 1, day: 1) })
        #expect(try template.render([:], environment: epoch) == "1970-01-01 00:00:00 Thursday January")
        // The default clock is the machine's: only its shape can be checked.
        let year = try Template("{{ strftime_now('%Y')|int > 2000 }}").render([:])
        #expect(year == "True")
    }

    @Test func valuesFromSwiftData() throws {
        let ordered: Value = ["z": 1, "a": [true, 2.5, "s"], "m": ["k": "v"]]
        #expect(try Template("{{ v|tojson }}").render(["v": ordered]) == #"{"z": 1, "a": [true, 2.5, "s"], "m": {"k": "v"}}"#)
        let pairs = Value(pairs: [("b", 1), ("a", 2), ("b", 3)])
        #expect(try Template("{{ v }}").render(["v": pairs]) == "{'b': 3, 'a': 2}")
        let sorted = Value(dictionary: ["b": .int(1), "a": .none])
        #expect(try Template("{{ v }}").render(["v": sorted]) == "{'a': None, 'b': 1}")

        var dict = ValueDictionary()
        dict["x"] = .string("1")
        dict["e\u{301}"] = .int(1)
        #expect(dict.contains("x"))
        #expect(!dict.contains("\u{e9}"), "keys compare by code points, not canonical equivalence")
        #expect(dict.keys == ["x", "e\u{301}"])
        #expect(try Template("{{ x }}").render(dict) == "1")

        #expect(Value.missing.isUndefined)
        #expect(Value.none.isNone)
        #expect(Value.string("s").stringValue == "s")
    }

    @Test func optionsChangeWhitespaceHandling() throws {
        let source = "{% if true %}\n  x\n  {% endif %}\nend\n"
        #expect(try Template(source).render([:]) == "  x\nend")
        #expect(try Template(source, options: .jinja2Defaults).render([:]) == "\n  x\n  \nend")
        #expect(try Template(source, options: TemplateOptions(keepTrailingNewline: true)).render([:]) == "  x\nend\n")
    }

    @Test func aTemplateRendersConcurrently() async throws {
        let template = try Template("{% for m in messages %}{{ m.role }}:{{ m.content|upper }};{% endfor %}")
        let results = await withTaskGroup(of: String?.self) { group in
            for i in 0..<16 {
                group.addTask {
                    let messages: Value = [["role": "user", "content": .string("hi \(i)")]]
                    return try? template.render(["messages": messages])
                }
            }
            var all: [String] = []
            for await result in group { all.append(result ?? "failed") }
            return all
        }
        #expect(Set(results) == Set((0..<16).map { "user:HI \($0);" }))
    }
}
