import ChatTemplates
import Foundation
import Inference
import OutputParsing
import Testing
import TestSupport

/// Family detection on real chat templates. Expected values were read off each template's source by hand.
@Suite struct ModelFamilyTests {
    static func template(_ name: String) throws -> ChatTemplate {
        let source = try String(contentsOf: TestPaths.fixture("templates/\(name).jinja"), encoding: .utf8)
        return try ChatTemplate(source: source)
    }

    static func family(_ name: String) throws -> ModelFamily {
        let t = try template(name)
        return ModelFamily.detect(template: t, source: t.source)
    }

    @Test func smolLM2HasNoReasoningAndNoTools() throws {
        let f = try Self.family("HuggingFaceTB-SmolLM2-135M-Instruct")
        #expect(f.nativeThinkTags == nil)
        #expect(!f.hasThinkingSwitch && !f.templateOpensThinkTag)
        #expect(f.toolCallSyntax == .hermes)
        #expect(!f.templateRendersTools)
    }

    @Test func builtinTemplatesRenderToolsTheHermesWay() {
        for builtin in BuiltinChatTemplate.allCases {
            let t = ChatTemplate(builtin: builtin)
            let f = ModelFamily.detect(template: t, source: t.source)
            #expect(f.nativeThinkTags == nil, "\(builtin)")
            #expect(f.toolCallSyntax == .hermes, "\(builtin)")
            #expect(f.templateRendersTools, "\(builtin)")
        }
    }

    @Test func qwenFamilies() throws {
        let qwen25 = try Self.family("Qwen-Qwen2.5-7B-Instruct")
        #expect(qwen25.nativeThinkTags == nil && qwen25.toolCallSyntax == .hermes && qwen25.templateRendersTools)

        let qwen3 = try Self.family("Qwen-Qwen3-0.6B")
        #expect(qwen3.nativeThinkTags == .think())
        #expect(qwen3.hasThinkingSwitch)
        #expect(!qwen3.templateOpensThinkTag)  // Qwen3 writes `<think>` itself
        #expect(qwen3.toolCallSyntax == .hermes && qwen3.templateRendersTools)

        let qwq = try Self.family("Qwen-QwQ-32B")
        #expect(qwq.nativeThinkTags == .think())
        #expect(qwq.templateOpensThinkTag)  // generation prompt ends with `<think>\n`
    }

    @Test func deepSeekR1DistillOpensTheTag() throws {
        let f = try Self.family("deepseek-ai-DeepSeek-R1-Distill-Qwen-32B")
        #expect(f.nativeThinkTags == .think())
        #expect(f.templateOpensThinkTag)
    }

    @Test func toolSyntaxes() throws {
        #expect(try Self.family("mistralai-Mistral-Nemo-Instruct-2407").toolCallSyntax == .mistral)
        #expect(try Self.family("meta-llama-Llama-3.1-8B-Instruct").toolCallSyntax == .llama3JSON)
        #expect(try Self.family("meta-llama-Llama-3.2-3B-Instruct").toolCallSyntax == .llama3JSON)
        #expect(try Self.family("NousResearch-Hermes-3-Llama-3.1-8B-tool_use").toolCallSyntax == .hermes)
    }
}
