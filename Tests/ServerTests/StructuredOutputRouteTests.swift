import APICommon
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Inference
import InferenceTypes
import Logging
import Server
import TestSupport
import Testing

/// Structured outputs over HTTP on the real default model (SmolLM2; run in release): schema errors are 400s with
/// the JSON pointer in both dialects, constrained answers parse, stream == non-stream for a seed, and the token
/// cap gives `length`.
@Suite(.serialized) struct StructuredOutputRouteTests {
    static let loaded: Result<LoadedModel, any Error> = Result {
        let path = try TestPaths.model(fileName: TestPaths.smolLM2)
        return try LoadedModel.load(ResolvedModel(path: path), options: LoadOptions(contextLength: 1024, slots: 2))
    }

    func withRealApp(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let model = try Self.loaded.get()
        let service = LocalInferenceService(models: [model.served(id: "smol")])
        var logger = Logger(label: "swiftlet-test")
        logger.logLevel = .error
        let app = buildApplication(service: service, configuration: .test(), logger: logger)
        try await app.test(.router, body)
    }

    static let personSchema =
        #"{"type":"object","properties":{"name":{"type":"string","maxLength":20},"age":{"type":"integer","minimum":0,"maximum":120}},"required":["name","age"],"additionalProperties":false}"#

    @Test func unsupportedKeywordIsA400WithThePointerOpenAI() async throws {
        try await withRealApp { client in
            let body = chatBody("smol", extra: #""response_format":{"type":"json_schema","json_schema":{"name":"x","strict":true,"schema":{"type":"object","properties":{"a":{"type":"string","not":{"const":"b"}}}}}}"#)
            let r = try await client.post("/v1/chat/completions", body)
            #expect(r.status == .badRequest)
            #expect(at(r.json, "error", "type") == "invalid_request_error")
            #expect(at(r.json, "error", "param") == "response_format")
            let message = at(r.json, "error", "message")?.stringValue ?? ""
            #expect(message.contains("/properties/a/not"), "\(message)")
            // A bad grammar names its line and column.
            let g = try await client.post("/v1/chat/completions", chatBody("smol", extra: #""grammar":"root ::= \"abc""#))
            #expect(g.status == .badRequest)
            #expect(at(g.json, "error", "param") == "grammar")
            #expect(at(g.json, "error", "message")?.stringValue?.contains("line 1") == true)
        }
    }

    @Test func unsupportedKeywordIsA400WithThePointerAnthropic() async throws {
        try await withRealApp { client in
            let body = messagesBody("smol", extra: #""output_config":{"format":{"type":"json_schema","schema":{"type":"object","properties":{"tags":{"type":"array","uniqueItems":true}}}}}"#)
            let r = try await client.post("/v1/messages", body)
            #expect(r.status == .badRequest)
            #expect(r.json["type"] == "error")
            #expect(at(r.json, "error", "type") == "invalid_request_error")
            let message = at(r.json, "error", "message")?.stringValue ?? ""
            #expect(message.contains("/properties/tags/uniqueItems"), "\(message)")
        }
    }

    @Test func constrainedAnswerParsesAndStreamEqualsNonStream() async throws {
        try await withRealApp { client in
            let extra = #""temperature":1.0,"seed":7,"max_tokens":120,"stop":["\""],"response_format":{"type":"json_schema","json_schema":{"name":"person","strict":true,"schema":\#(Self.personSchema)}}"#
            let plain = try await client.post("/v1/chat/completions", chatBody("smol", extra: extra))
            #expect(plain.status == .ok)
            let content = try #require(at(plain.json, "choices", 0, "message", "content")?.stringValue)
            #expect(at(plain.json, "choices", 0, "finish_reason") == "stop")
            // Parses, has the required keys with the right types and bounds (and the stop string "\"" did not cut it).
            let value = try JSONValue.parse(content)
            #expect(value["name"]?.stringValue != nil)
            let age = try #require(value["age"]?.intValue)
            #expect((0...120).contains(age))
            #expect(value.objectValue?.count == 2)

            let streamed = try await client.post("/v1/chat/completions", chatBody("smol", stream: true, extra: extra))
            var text = ""
            var finish: JSONValue?
            for e in streamed.events where e.data != "[DONE]" {
                let chunk = parse(e.data)
                if let d = at(chunk, "choices", 0, "delta", "content")?.stringValue { text += d }
                if let f = at(chunk, "choices", 0, "finish_reason"), f != .null { finish = f }
            }
            #expect(text == content)
            #expect(finish == "stop")

            // Anthropic shape, same schema: the text block parses too.
            let m = try await client.post("/v1/messages", messagesBody("smol", extra: #""temperature":1.0,"output_config":{"format":{"type":"json_schema","schema":\#(Self.personSchema)}}"#))
            #expect(m.status == .ok)
            let block = try #require(at(m.json, "content", 0, "text")?.stringValue)
            #expect((try? JSONValue.parse(block))?["age"]?.intValue != nil, "\(block)")
            #expect(m.json["stop_reason"] == "end_turn")
        }
    }

    @Test func cappedConstrainedAnswerIsLength() async throws {
        try await withRealApp { client in
            let extra = #""seed":1,"max_tokens":3,"response_format":{"type":"json_schema","json_schema":{"name":"person","schema":\#(Self.personSchema)}}"#
            let r = try await client.post("/v1/chat/completions", chatBody("smol", extra: extra))
            #expect(r.status == .ok)
            #expect(at(r.json, "choices", 0, "finish_reason") == "length")
            #expect(at(r.json, "usage", "completion_tokens") == 3)
        }
    }

    @Test func grammarFieldConstrainsTheAnswer() async throws {
        try await withRealApp { client in
            for seed in 1...3 {
                let extra = #""seed":\#(seed),"temperature":1.0,"grammar":"root ::= (\"yes\" | \"no\") \".\"""#
                let r = try await client.post("/v1/chat/completions", chatBody("smol", extra: extra))
                let content = at(r.json, "choices", 0, "message", "content")?.stringValue
                #expect(content == "yes." || content == "no.", "\(String(describing: content))")
                #expect(at(r.json, "choices", 0, "finish_reason") == "stop")
            }
        }
    }
}
