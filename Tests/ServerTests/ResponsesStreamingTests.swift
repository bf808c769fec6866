import Foundation
import APICommon
import HTTPTypes
import HummingbirdTesting
import InferenceTypes
import Server
import TestSupport
import Testing

/// The Responses API's typed event stream: order, sequence numbers, indexes, and that the final response is the
/// non-streamed (and stored) one.
@Suite struct ResponsesStreamingTests {
    static let call = ToolCall(id: "call_1", name: "get_weather", arguments: #"{"city":"Paris"}"#)

    static func service() -> FakeInferenceService {
        FakeInferenceService { _ in
            .reply(content: ["It", " is"], reasoning: ["Think", "ing"], toolCalls: [call], promptTokens: 20)
        }
    }

    @Test func eventOrderAndSequenceNumbers() async throws {
        try await withApp(Self.service()) { client in
            let r = try await client.post("/v1/responses", ResponsesRouteTests.body(stream: true))
            #expect(r.status == .ok && r.headers[.contentType]?.hasPrefix("text/event-stream") == true)
            let events = r.events
            #expect(events.map { $0.name ?? "" } == [
                "response.created", "response.in_progress",
                "response.output_item.added", "response.reasoning_summary_part.added",
                "response.reasoning_summary_text.delta", "response.reasoning_summary_text.delta",
                "response.reasoning_summary_text.done", "response.reasoning_summary_part.done", "response.output_item.done",
                "response.output_item.added", "response.content_part.added",
                "response.output_text.delta", "response.output_text.delta",
                "response.output_text.done", "response.content_part.done", "response.output_item.done",
                "response.output_item.added",
                "response.function_call_arguments.delta", "response.function_call_arguments.delta",
                "response.function_call_arguments.done", "response.output_item.done",
                "response.completed",
            ])
            let bodies = events.map { parse($0.data) }
            // `type` repeats the event name; sequence numbers count from 0 without gaps.
            #expect(zip(events, bodies).allSatisfy { $0.name.map { JSONValue.string($0) } == $1["type"] })
            #expect(bodies.map { $0["sequence_number"]?.intValue ?? -1 } == (0..<Int64(bodies.count)).map { $0 })
            #expect(at(bodies[0], "response", "status") == "in_progress" && at(bodies[0], "response", "output") == [])
            #expect(at(bodies[0], "response", "usage") == .null)
            // Indexes: reasoning at 0, message at 1, call at 2; part events name their item.
            #expect(bodies[2]["output_index"] == 0 && at(bodies[2], "item", "type") == "reasoning")
            #expect(at(bodies[2], "item", "summary") == [])
            let reasoningID = at(bodies[2], "item", "id")
            #expect(bodies[4]["item_id"] == reasoningID && bodies[4]["summary_index"] == 0 && bodies[4]["delta"] == "Think")
            #expect(bodies[6]["text"] == "Thinking")
            #expect(bodies[10]["output_index"] == 1 && bodies[10]["content_index"] == 0)
            #expect(at(bodies[10], "part", "type") == "output_text" && at(bodies[10], "part", "text") == "")
            #expect(bodies[11]["delta"] == "It" && bodies[11]["item_id"] == at(bodies[9], "item", "id"))
            #expect(bodies[13]["text"] == "It is")
            #expect(at(bodies[15], "item", "status") == "completed" && at(bodies[15], "item", "content", 0, "text") == "It is")
            #expect(at(bodies[16], "item", "type") == "function_call" && at(bodies[16], "item", "arguments") == "")
            #expect(at(bodies[16], "item", "call_id") == "call_1" && bodies[16]["output_index"] == 2)
            #expect(bodies[19]["arguments"] == .string(Self.call.arguments))
            #expect(at(bodies[20], "item", "arguments") == .string(Self.call.arguments))
            let final = at(bodies.last, "response")
            #expect(final?["status"] == "completed" && at(final, "usage", "input_tokens") == 20)
            #expect(final?["id"] == at(bodies[0], "response", "id"))
        }
    }

    @Test func theStreamedResponseIsTheStoredOneAndTheNonStreamedShape() async throws {
        try await withApp(Self.service()) { client in
            let events = try await client.post("/v1/responses", ResponsesRouteTests.body(stream: true)).events
            let streamed = try #require(at(parse(events.last?.data ?? ""), "response"))
            let id = try #require(streamed["id"]?.stringValue)
            let stored = try await client.get("/v1/responses/\(id)").json
            #expect(stored == streamed)
            // Another request with the same script: the same body but for the ids and the time.
            let plain = try await client.post("/v1/responses", ResponsesRouteTests.body()).json
            #expect(Self.normalized(plain) == Self.normalized(streamed))
        }
    }

    @Test func aFailureAfterTheFirstEventSendsErrorAndResponseFailed() async throws {
        let service = FakeInferenceService { _ in
            var s = FakeInferenceService.Script.reply(content: ["Hel"])
            s.items = Array(s.items.prefix(2))
            s.failAfterItems = .internalError("engine failed")
            return s
        }
        try await withApp(service) { client in
            let events = try await client.post("/v1/responses", ResponsesRouteTests.body(stream: true)).events
            #expect(events.suffix(2).map(\.name) == ["error", "response.failed"])
            let failed = parse(events.last?.data ?? "")
            #expect(at(failed, "response", "status") == "failed")
            #expect(at(failed, "response", "error", "code") == "server_error")
            #expect(at(failed, "response", "output", 0, "status") == "in_progress")
            let id = at(failed, "response", "id")?.stringValue ?? ""
            // A failed response is not stored.
            #expect(try await client.get("/v1/responses/\(id)").status == .notFound)
        }
    }

    /// `body` with its response id, item ids and time replaced by placeholders.
    static func normalized(_ body: JSONValue) -> String {
        guard let id = body["id"]?.stringValue else { return "" }
        var text = body.serialized().replacingOccurrences(of: String(id.dropFirst(5)), with: "ID")
        if let created = body["created_at"]?.intValue {
            text = text.replacingOccurrences(of: "\"created_at\":\(created)", with: "\"created_at\":0")
        }
        return text
    }
}
