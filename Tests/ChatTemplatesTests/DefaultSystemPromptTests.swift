import ChatTemplates
import InferenceTypes
import Testing

/// `ChatTemplate.defaultSystemPrompt`: the system text a template writes for a conversation without one, found by
/// rendering.
@Suite struct DefaultSystemPromptTests {
    /// ChatML with a default system turn, as SmolLM2's and Qwen 2.5's templates have.
    static let chatMLWithDefault = """
        {% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}<|im_start|>system
        You are a helpful assistant named Test.<|im_end|>
        {% endif %}<|im_start|>{{ message['role'] }}
        {{ message['content'] }}<|im_end|>
        {% endfor %}{% if add_generation_prompt %}<|im_start|>assistant
        {% endif %}
        """

    /// ChatML without one.
    static let chatMLPlain = """
        {% for message in messages %}<|im_start|>{{ message['role'] }}
        {{ message['content'] }}<|im_end|>
        {% endfor %}{% if add_generation_prompt %}<|im_start|>assistant
        {% endif %}
        """

    /// A template that refuses a system role (as Gemma 2's does).
    static let noSystemRole = """
        {% for message in messages %}{% if message['role'] == 'system' %}{{ raise_exception('System role not supported') }}\
        {% endif %}<start_of_turn>{{ message['role'] }}
        {{ message['content'] }}<end_of_turn>
        {% endfor %}
        """

    @Test func findsTheDefaultAChatMLTemplateWrites() throws {
        let t = try ChatTemplate(source: Self.chatMLWithDefault)
        #expect(t.defaultSystemPrompt() == "You are a helpful assistant named Test.")
    }

    @Test func nilWhenTheTemplateWritesNone() throws {
        #expect(try ChatTemplate(source: Self.chatMLPlain).defaultSystemPrompt() == nil)
        #expect(try ChatTemplate(source: Self.noSystemRole).defaultSystemPrompt() == nil)
    }
}
