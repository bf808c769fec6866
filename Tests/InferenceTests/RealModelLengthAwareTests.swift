import Foundation
import Inference
import InferenceTypes
import Testing
import TestSupport

/// Length-aware constrained decoding on the default model (SmolLM2 135M) through the whole service: tool calls and
/// structured answers come back complete whenever their shortest form fits in `max_tokens`, at temperature 1 with no
/// sampling filters (the request sets every sampling value), the setting that used to end most calls at the cap.
@Suite(.serialized) struct RealModelLengthAwareTests {
    static let loaded: Result<LoadedModel, any Error> = Result {
        let path = try TestPaths.model(fileName: TestPaths.smolLM2)
        return try LoadedModel.load(ResolvedModel(path: path), options: LoadOptions(contextLength: 1024, slots: 16))
    }

    static let seeds = 50
    static let choicesPerRequest = 10

    static let weather = ToolDefinition(name: "get_weather", description: "Current weather in a city", parameters: [
        "type": "object",
        "properties": ["city": ["type": "string", "maxLength": 20], "unit": ["type": "string", "enum": ["celsius", "fahrenheit"]]],
        "required": ["city", "unit"], "additionalProperties": false,
    ])
    static let time = ToolDefinition(name: "get_time", description: "Current time in a timezone", parameters: [
        "type": "object", "properties": ["timezone": ["type": "string", "enum": ["UTC", "CET", "PST"]]],
        "required": ["timezone"], "additionalProperties": false,
    ])
    /// Free-length strings: the call a 135M model at temperature 1 used to fill with a 200-character address.
    static let sendEmail = ToolDefinition(name: "send_email", description: "Send an email.", parameters: [
        "type": "object", "properties": ["to": ["type": "string"], "body": ["type": "string"]],
        "required": ["to", "body"], "additionalProperties": false,
    ])

    /// Whether `args` (a call's arguments text) is valid against the offered tool's schema.
    static func valid(_ name: String, _ args: String) -> Bool {
        guard let v = try? JSONValue.parse(args), case .object(let pairs) = v else { return false }
        let keys = Set(pairs.map { $0.key })
        switch name {
        case "get_weather":
            guard keys == ["city", "unit"], let city = v["city"]?.stringValue, let unit = v["unit"]?.stringValue else { return false }
            return city.unicodeScalars.count <= 20 && ["celsius", "fahrenheit"].contains(unit)
        case "get_time":
            return keys == ["timezone"] && ["UTC", "CET", "PST"].contains(v["timezone"]?.stringValue ?? "")
        case "send_email":
            return keys == ["to", "body"] && v["to"]?.stringValue != nil && v["body"]?.stringValue != nil
        default:
            return false
        }
    }

    /// Runs `request` for `seeds` seeds (`choicesPerRequest` choices per request, three requests in flight).
    static func run(_ service: LocalInferenceService, _ request: ChatRequest, seeds: Int = seeds) async throws
        -> [ChoiceResult]
    {
        try await withThrowingTaskGroup(of: [ChoiceResult].self) { group in
            var next = 0
            var out: [ChoiceResult] = []
            func add() {
                guard next < seeds else { return }
                var r = request
                r.sampling.seed = UInt64(1000 + next)
                r.n = min(choicesPerRequest, seeds - next)
                next += r.n
                group.addTask {
                    var acc = ChatResultAccumulator()
                    for try await item in try await service.chat(r) { acc.add(item) }
                    return acc.result.choices
                }
            }
            for _ in 0..<3 { add() }
            while let choices = try await group.next() {
                out += choices
                add()
            }
            return out
        }
    }

    static func toolRequest(_ tools: [ToolDefinition], _ choice: ToolChoice, parallel: Bool, ask: String) -> ChatRequest {
        var r = ChatRequest(model: "smol", messages: [ChatMessage(role: .user, text: ask)])
        r.tools = tools
        r.toolChoice = choice
        r.parallelToolCalls = parallel
        r.maxTokens = 120
        r.sampling.temperature = 1
        return r
    }

    /// `required` (OpenAI, parallel calls allowed), named, and Anthropic's `any` (one call): 50 of 50 seeds give
    /// complete, schema-valid calls, for short-field tools and for free-length strings alike.
    @Test(arguments: ["weather", "email"])
    func toolCallsAreCompleteAtTemperatureOne(_ tools: String) async throws {
        let service = LocalInferenceService(models: [try Self.loaded.get().served(id: "smol")])
        let offered = tools == "weather" ? [Self.weather, Self.time] : [Self.sendEmail, Self.time]
        let named = tools == "weather" ? "get_weather" : "send_email"
        let ask = tools == "weather" ? "What is the weather in Paris right now?"
            : "Send an email to bob@example.com telling him the meeting moved to 3pm."
        let modes: [(String, ToolChoice, Bool)] = [
            ("required", .required, true), ("named", .function(named), true), ("any", .required, false),
        ]
        for (mode, choice, parallel) in modes {
            let results = try await Self.run(service, Self.toolRequest(offered, choice, parallel: parallel, ask: ask))
            var good = 0
            for (i, c) in results.enumerated() {
                let ok = c.finishReason == .toolCalls && !c.toolCalls.isEmpty
                    && c.toolCalls.allSatisfy { Self.valid($0.name, $0.arguments) }
                    && (mode != "named" || c.toolCalls.allSatisfy { $0.name == named })
                if ok { good += 1 } else { Issue.record("\(tools) \(mode) #\(i): \(String(describing: c.finishReason)) \(c.toolCalls) \(c.content)") }
            }
            print("length-aware tool calls, \(tools) \(mode): \(good)/\(results.count) complete and valid")
            #expect(results.count == Self.seeds && good == Self.seeds)
        }
    }

    /// A structured answer whose shortest encoding fits in a small cap finishes `stop` and validates; one whose
    /// shortest encoding cannot fit ends at the cap (`length`), and a tool call that cannot fit is not returned.
    @Test func structuredAnswersAtSmallCaps() async throws {
        let service = LocalInferenceService(models: [try Self.loaded.get().served(id: "smol")])
        let schema: JSONValue = [
            "type": "object",
            "properties": ["answer": ["type": "string"], "confident": ["type": "boolean"]],
            "required": ["answer", "confident"], "additionalProperties": false,
        ]
        for cap in [32, 40] {
            var r = ChatRequest(model: "smol", messages: [ChatMessage(role: .user, text: "Describe Paris in detail, as JSON.")])
            r.responseFormat = .jsonSchema(name: "answer", schema: schema, strict: true)
            r.maxTokens = cap
            r.sampling.temperature = 1
            let results = try await Self.run(service, r, seeds: 20)
            var good = 0
            for c in results {
                let v = try? JSONValue.parse(c.content)
                if c.finishReason == .stop, let v, v["answer"]?.stringValue != nil, v["confident"]?.boolValue != nil,
                    case .object(let pairs) = v, pairs.count == 2
                {
                    good += 1
                } else {
                    Issue.record("cap \(cap): \(String(describing: c.finishReason)) \(c.content)")
                }
            }
            print("length-aware structured answers at max_tokens \(cap): \(good)/\(results.count) stop and valid")
            #expect(good == results.count)
        }
        // `json_object` at 8 tokens.
        var obj = ChatRequest(model: "smol", messages: [ChatMessage(role: .user, text: "Give me a JSON object about cats.")])
        obj.responseFormat = .jsonObject
        obj.maxTokens = 8
        obj.sampling.temperature = 1
        for c in try await Self.run(service, obj, seeds: 10) {
            #expect(c.finishReason == .stop && (try? JSONValue.parse(c.content))?.objectValue != nil, "\(c.content)")
        }

        // Fits in tokens though not one token per byte: 200 characters in 24 tokens. Where nothing fits the mask
        // holds the tokens that make the most progress (the longest runs the string allows), which may still finish.
        var long = ChatRequest(model: "smol", messages: [ChatMessage(role: .user, text: "Write a long sentence.")])
        long.responseFormat = .jsonSchema(name: "long", schema: ["type": "string", "minLength": 200], strict: true)
        long.maxTokens = 24
        let rushed = try await Self.run(service, long, seeds: 4)
        print("200 characters in at most 24 tokens: " + rushed.map { "\(String(describing: $0.finishReason)) \($0.content.count) chars" }
            .joined(separator: ", "))
        for c in rushed where c.finishReason == .stop {
            #expect((try? JSONValue.parse(c.content))?.stringValue.map { $0.unicodeScalars.count >= 200 } == true)
        }
        // Cannot fit in any tokens: 4000 characters in 16 tokens, and a call whose arguments need 27,000 in 60 (more
        // than 60 of the vocabulary's longest tokens hold; 4000 did fit, in runs of 128 `#`).
        long.responseFormat = .jsonSchema(name: "long", schema: ["type": "string", "minLength": 4000], strict: true)
        long.maxTokens = 16
        for c in try await Self.run(service, long, seeds: 4) { #expect(c.finishReason == .length) }
        let essay = ToolDefinition(name: "submit_essay", description: "Submit an essay.", parameters: [
            "type": "object", "required": ["a", "b", "c"], "properties": [
                "a": ["type": "string", "minLength": 9000], "b": ["type": "string", "minLength": 9000],
                "c": ["type": "string", "minLength": 9000],
            ],
        ])
        var call = Self.toolRequest([essay], .required, parallel: false, ask: "Submit an essay about the sea.")
        call.maxTokens = 60
        for c in try await Self.run(service, call, seeds: 4) {
            #expect(c.finishReason == .length && c.toolCalls.isEmpty, "\(c.toolCalls)")
        }
    }
}
