import APICommon
import AnthropicAPI
import Foundation
import InferenceTypes
import OpenAIAPI
import Testing

/// Streams as vLLM, llama.cpp's server and Anthropic send them (written by hand from their documented formats, with
/// their quirks: vLLM's `reasoning` beside the older `reasoning_content`, usage in a last `choices: []` chunk, in the
/// chunk that finishes (llama.cpp, with `timings`) or in every chunk (vLLM's continuous usage), the role chunk's
/// `content: null`, a tool call whose first fragment has no `arguments`), read in pieces of every size.
@Suite struct RecordedStreamTests {
    static func fixture(_ name: String) throws -> [UInt8] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/\(name)")
        return Array(try Data(contentsOf: url))
    }

    /// The items of a recorded stream fed in `piece`-byte chunks through the SSE parser and `decode`.
    static func items(_ bytes: [UInt8], piece: Int, decode: (SSEEvent) throws -> [ChatStreamItem],
        finish: () throws -> [ChatStreamItem]) rethrows -> [ChatStreamItem]
    {
        var parser = SSEParser()
        var out: [ChatStreamItem] = []
        var i = 0
        while i < bytes.count {
            for e in parser.feed(bytes[i..<min(bytes.count, i + piece)]) { out += try decode(e) }
            i += piece
        }
        return out + (try finish())
    }

    static func openAI(_ name: String, piece: Int) throws -> [ChatStreamItem] {
        var d = ChatCompletionStreamDecoder(promptTokens: 50)
        return try items(try fixture(name), piece: piece, decode: { try d.decode($0) }, finish: { try d.finish() })
    }

    static func anthropic(_ name: String, piece: Int) throws -> [ChatStreamItem] {
        var d = MessagesStreamDecoder(promptTokens: 50)
        return try items(try fixture(name), piece: piece, decode: { try d.decode($0) }, finish: { try d.finish() })
    }

    static func fold(_ items: [ChatStreamItem]) -> ChatResult {
        var a = ChatResultAccumulator()
        for item in items { a.add(item) }
        return a.result
    }

    static func choice(reasoning: String, content: String, calls: [ToolCall], finish: FinishReason) -> ChoiceResult {
        var c = ChoiceResult()
        c.reasoning = reasoning
        c.content = content
        c.toolCalls = calls
        c.finishReason = finish
        return c
    }

    static let pieces = [1, 7, 64, 100_000]

    @Test(arguments: pieces) func vLLMReasoningFieldAndToolCall(piece: Int) throws {
        let items = try Self.openAI("vllm-reasoning-tools.sse", piece: piece)
        #expect(items.first == .started(promptTokens: 50, cachedPromptTokens: 0))
        let result = Self.fold(items)
        #expect(result.choices == [Self.choice(reasoning: "The user wants the weather.", content: "Let me check.",
            calls: [ToolCall(id: "chatcmpl-tool-5d1e", name: "get_weather", arguments: #"{"city": "Paris"}"#)], finish: .toolCalls)])
        #expect(result.usage == Usage(promptTokens: 187, completionTokens: 44))
        // The call's events: start, three argument fragments, end, then the finish.
        let events = items.compactMap { item -> ChatEvent? in if case .choice(_, let e) = item { return e } else { return nil } }
        #expect(Array(events.suffix(6)) == [
            .toolCallStart(index: 0, id: "chatcmpl-tool-5d1e", name: "get_weather"),
            .toolCallArguments(index: 0, delta: #"{"city": ""#), .toolCallArguments(index: 0, delta: "Paris"),
            .toolCallArguments(index: 0, delta: #""}"#), .toolCallEnd(index: 0), .finished(.toolCalls),
        ])
    }

    @Test(arguments: pieces) func vLLMLegacyReasoningContentWithUsageInEveryChunk(piece: Int) throws {
        let items = try Self.openAI("vllm-legacy-continuous-usage.sse", piece: piece)
        #expect(items.first == .started(promptTokens: 12, cachedPromptTokens: 0))
        let result = Self.fold(items)
        #expect(result.choices == [Self.choice(reasoning: "2+2 is 4.", content: "4", calls: [], finish: .length)])
        #expect(result.usage == Usage(promptTokens: 12, completionTokens: 4))
    }

    @Test(arguments: pieces) func llamaCppUsageAndTimingsInTheFinishChunk(piece: Int) throws {
        let items = try Self.openAI("llamacpp-reasoning-tools.sse", piece: piece)
        let result = Self.fold(items)
        #expect(result.choices == [Self.choice(reasoning: "Paris needs a lookup.", content: "",
            calls: [ToolCall(id: "aQ1x9kL0", name: "get_weather", arguments: #"{"city":"Paris"}"#)], finish: .toolCalls)])
        #expect(result.usage == Usage(promptTokens: 212, cachedPromptTokens: 200, completionTokens: 31))
        #expect(items.last == .usage(result.usage))
    }

    @Test(arguments: pieces) func anthropicThinkingAndToolUse(piece: Int) throws {
        let items = try Self.anthropic("anthropic-thinking-tools.sse", piece: piece)
        #expect(items.first == .started(promptTokens: 1496, cachedPromptTokens: 1024))
        let result = Self.fold(items)
        #expect(result.choices == [Self.choice(reasoning: "I should call the tool.", content: "Checking.",
            calls: [ToolCall(id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6", name: "get_weather", arguments: #"{"city": "Paris"}"#)],
            finish: .toolCalls)])
        #expect(result.usage == Usage(promptTokens: 1496, cachedPromptTokens: 1024, completionTokens: 89))
    }

    /// The vLLM stream as an Anthropic client sees it, and the Anthropic stream as an OpenAI client sees it.
    @Test func recordedStreamsInTheOtherFormat() throws {
        var anthropic = MessagesStreamEncoder(id: "msg_1", model: "m", signer: ThinkingSigner(secret: "s"))
        let frames = try Self.openAI("vllm-reasoning-tools.sse", piece: 64).flatMap { anthropic.encode($0) } + anthropic.finish()
        var back = MessagesStreamDecoder(promptTokens: 1)
        var parser = SSEParser()
        var items: [ChatStreamItem] = []
        for e in parser.feed(frames.map(\.encoded).joined()) { items += try back.decode(e) }
        let viaAnthropic = Self.fold(items)
        #expect(viaAnthropic.choices.first?.toolCalls.first?.arguments == #"{"city": "Paris"}"#)
        #expect(viaAnthropic.choices.first?.reasoning == "The user wants the weather.")

        var openAI = ChatCompletionStreamEncoder(header: OpenAIResponseHeader(id: "c", created: 1, model: "m"), options: .init(),
            choiceCount: 1, includeUsage: true)
        let chunks = try Self.anthropic("anthropic-thinking-tools.sse", piece: 64).flatMap { openAI.encode($0) } + openAI.finish()
        var reread = ChatCompletionStreamDecoder(promptTokens: 1)
        var parser2 = SSEParser()
        var items2: [ChatStreamItem] = []
        for e in parser2.feed(chunks.map(\.encoded).joined()) { items2 += try reread.decode(e) }
        let viaOpenAI = Self.fold(items2)
        #expect(viaOpenAI.choices.first?.toolCalls.first?.arguments == #"{"city": "Paris"}"#)
        #expect(viaOpenAI.choices.first?.finishReason == .toolCalls)
        #expect(viaOpenAI.usage == Usage(promptTokens: 1496, cachedPromptTokens: 1024, completionTokens: 89))
    }
}
