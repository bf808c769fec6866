import ChatTemplates
import Inference
import InferenceTypes
import OutputParsing
import Testing

/// Templates that refuse a system role (Gemma 2's `raise_exception('System role not supported')`): the system text
/// is folded into the first user turn, so client system prompts, the thinking instruction and the tool prompt still
/// reach the model. Expected prompts are written by hand from the template's source.
@Suite struct SystemRoleFallbackTests {
    static func gemma2() throws -> ChatPreparer {
        let t = try ModelFamilyTests.template("google-gemma-2-2b-it")
        return ChatPreparer(family: ModelFamily.detect(template: t, source: t.source), template: t, bosToken: "<bos>")
    }

    @Test func clientSystemPromptGoesIntoTheFirstUserTurn() throws {
        let r = ChatRequest(model: "m", messages: [
            ChatMessage(role: .system, text: "You are terse."),
            ChatMessage(role: .user, text: "Hi"),
            ChatMessage(role: .assistant, text: "Hello."),
            ChatMessage(role: .user, text: "Bye"),
        ])
        let p = try Self.gemma2().prepare(r)
        #expect(p.prompt == "<bos><start_of_turn>user\nYou are terse.\n\nHi<end_of_turn>\n"
            + "<start_of_turn>model\nHello.<end_of_turn>\n<start_of_turn>user\nBye<end_of_turn>\n<start_of_turn>model\n")
    }

    @Test func thinkingInstructionReachesAModelWithoutSystemRole() throws {
        var r = ChatRequest(model: "m", messages: [ChatMessage(role: .user, text: "Is 91 prime?")])
        r.reasoning.effort = .low
        let p = try Self.gemma2().prepare(r)
        #expect(p.prompt == "<bos><start_of_turn>user\n" + ThinkingPrompt.builtin.instruction
            + "\n\nIs 91 prime?<end_of_turn>\n<start_of_turn>model\n<think>\n")
        #expect(p.plan.reasoning?.budget == 256)
        #expect((p.format.reasoning?.startsInside ?? false))
    }

    @Test func otherRefusalsStayClientErrors() throws {
        // Two user turns in a row break Gemma 2's alternation rule; folding the system text cannot fix that.
        let r = ChatRequest(model: "m", messages: [
            ChatMessage(role: .system, text: "You are terse."),
            ChatMessage(role: .user, text: "Hi"),
            ChatMessage(role: .user, text: "Again"),
        ])
        #expect {
            _ = try Self.gemma2().prepare(r)
        } throws: { error in
            guard case InferenceError.invalidRequest(let parameter, let message) = error else { return false }
            // With the system text folded, the template's next refusal is the one reported, as it worded it.
            return parameter == "messages" && message == "Conversation roles must alternate user/assistant/user/assistant/..."
        }
    }

    @Test func foldingKeepsLaterTurnsAndNeedsAUserTurn() {
        let folded = ChatPreparer.foldingSystemIntoFirstUserTurn([
            ChatMessage(role: .system, text: "A"), ChatMessage(role: .system, text: "B"),
            ChatMessage(role: .user, text: "Q"),
        ])
        #expect(folded == [ChatMessage(role: .user, content: [.text("A\n\nB\n\n"), .text("Q")])])
        #expect(ChatPreparer.foldingSystemIntoFirstUserTurn([ChatMessage(role: .user, text: "Q")]) == nil)
        #expect(ChatPreparer.foldingSystemIntoFirstUserTurn([ChatMessage(role: .system, text: "A")]) == nil)
    }
}
