import Foundation
import Inference
import InferenceTypes
import OutputParsing
import Testing
import TestSupport

/// The catalog's tool-calling model (Qwen2.5 Coder 0.5B, its own Hermes tool template) through the whole pipeline.
@Suite(.serialized) struct ToolModelTests {
    static let loaded: Result<LoadedModel, any Error> = Result {
        let path = try TestPaths.model(fileName: TestPaths.qwenCoder)
        return try LoadedModel.load(ResolvedModel(path: path), options: LoadOptions(contextLength: 1024, slots: 2))
    }

    static let sendEmail = ToolDefinition(name: "send_email", description: "Send an email.", parameters: [
        "type": "object",
        "properties": ["to": ["type": "string"], "body": ["type": "string"]],
        "required": ["to", "body"],
    ])

    /// The family is detected from the GGUF's template: Hermes calls, rendered by the template itself.
    @Test func familyAndTemplate() throws {
        let served = try Self.loaded.get().served()
        #expect(served.descriptor.id == "qwen2.5-coder-0.5b-instruct")
        #expect(served.family.toolCallSyntax == .hermes && served.family.templateRendersTools)
        #expect(served.family.nativeThinkTags == nil)
    }

    /// `tool_choice: required` at temperature 1 and `max_tokens: 120`: every seed gives one complete call whose
    /// arguments are a JSON object with the required string fields.
    @Test func requiredCallsAreCompleteAtTemperatureOne() async throws {
        let served = try Self.loaded.get().served()
        let service = LocalInferenceService(models: [served])
        for seed in UInt64(1)...8 {
            var request = ChatRequest(model: served.descriptor.id,
                messages: [ChatMessage(role: .user, text: "Send an email to bob@example.com saying hi")])
            request.tools = [Self.sendEmail]
            request.toolChoice = .required
            request.maxTokens = 120
            request.sampling.temperature = 1
            request.sampling.seed = seed
            var acc = ChatResultAccumulator()
            for try await item in try await service.chat(request) { acc.add(item) }
            let choice = try #require(acc.result.choices.first)
            #expect(choice.finishReason == .toolCalls, "seed \(seed)")
            #expect(choice.toolCalls.count == 1 && choice.toolCalls.first?.name == "send_email", "seed \(seed)")
            let args = try JSONValue.parse(choice.toolCalls.first?.arguments ?? "")
            #expect(args["to"]?.stringValue != nil && args["body"]?.stringValue != nil, "seed \(seed): \(args)")
        }
    }
}
