import OutputParsing
import Testing

/// Think-tag splitting. Whitespace expectations follow llama.cpp's parser: the reasoning is trimmed at both ends and
/// spaces after the closing tag are dropped.
@Suite struct ReasoningTableTests {
    static let think = OutputFormat(reasoning: .think())
    static let inside = OutputFormat(reasoning: .think(startsInside: true))
    static let bracket = OutputFormat(reasoning: ReasoningTags(open: "[THINK]", close: "[/THINK]"))
    static let paragraph = OutputFormat(reasoning: .paragraph)

    static let cases: [ParserCase] = [
        ParserCase("tags, no spaces", think, "<think>Let me think.</think>The answer is 4.",
                   reasoning: "Let me think.", content: "The answer is 4."),
        ParserCase("newlines around tags are stripped", think, "<think>\nLet me think.\n</think>\n\nThe answer is 4.",
                   reasoning: "Let me think.", content: "The answer is 4."),
        ParserCase("no opening tag is plain content", think, "The answer is 4.", content: "The answer is 4."),
        ParserCase("startsInside: no opening tag", inside, "Let me think.\n</think>\n\nAnswer.",
                   reasoning: "Let me think.", content: "Answer."),
        ParserCase("startsInside without closing tag: all reasoning", inside, "Still thinking about it\n",
                   reasoning: "Still thinking about it"),
        ParserCase("startsInside swallows a repeated opening tag", inside, "<think>\nHmm.</think>Ok",
                   reasoning: "Hmm.", content: "Ok"),
        ParserCase("startsInside: only a later opening tag is text", inside, "a <think> b</think>c",
                   reasoning: "a <think> b", content: "c"),
        ParserCase("empty reasoning", think, "<think>\n\n</think>\n\nHello", content: "Hello"),
        ParserCase("tags at the very end", think, "<think>abc</think>", reasoning: "abc"),
        ParserCase("only an opening tag", think, "<think>"),
        ParserCase("unterminated reasoning", think, "<think>abc def", reasoning: "abc def"),
        ParserCase("cut inside the closing tag: released as reasoning", think, "<think>abc</thi",
                   reasoning: "abc</thi"),
        ParserCase("cut inside the opening tag: released as content", think, "<thi", content: "<thi"),
        ParserCase("look-alike tags inside reasoning", think, "<think>a < b and </thought> x</think>y",
                   reasoning: "a < b and </thought> x", content: "y"),
        ParserCase("closing tag without opening tag is content", think, "Hi</think>there", content: "Hi</think>there"),
        ParserCase("opening tag mid-content is content", think, "Hello <think>x</think>",
                   content: "Hello <think>x</think>"),
        ParserCase("spaces before the opening tag are dropped", think, "  \n<think>r</think>c",
                   reasoning: "r", content: "c"),
        ParserCase("leading spaces of a plain answer are kept", think, "  hello", content: "  hello"),
        ParserCase("two reasoning blocks are joined", think, "<think>a</think>\n<think>b</think>c",
                   reasoning: "ab", content: "c"),
        ParserCase("unicode", think, "<think>Größe 😀 λ</think>Ответ: 42 ✓",
                   reasoning: "Größe 😀 λ", content: "Ответ: 42 ✓"),
        ParserCase("inner spaces of reasoning are kept", think, "<think>a\n\nb  c</think>d",
                   reasoning: "a\n\nb  c", content: "d"),
        ParserCase("trailing spaces of the answer are kept", think, "<think>x</think>Answer.\n",
                   reasoning: "x", content: "Answer.\n"),
        ParserCase("a longer tag that starts like the opening tag", think, "<thinking>x", content: "<thinking>x"),
        ParserCase("empty output", think, ""),
        ParserCase("only spaces, no reasoning", think, "\n\n", content: "\n\n"),
        ParserCase("only spaces, startsInside", inside, " \n "),
        ParserCase("custom tags", bracket, "[THINK] plan [/THINK] done", reasoning: "plan", content: "done"),
        ParserCase("plain format passes tags through", .plain, "<think>x</think><tool_call>y",
                   content: "<think>x</think><tool_call>y"),
        ParserCase("paragraph: the first blank line closes the reasoning", paragraph,
                   "2 + 2 = 4.\n\nThe answer is 4.", reasoning: "2 + 2 = 4.", content: "The answer is 4."),
        ParserCase("paragraph: a single line break stays in the reasoning", paragraph,
                   "Two and two.\nThat is 4.\n\n4", reasoning: "Two and two.\nThat is 4.", content: "4"),
        ParserCase("paragraph: the answer keeps its own blank lines", paragraph, "a\n\nb\n\nc",
                   reasoning: "a", content: "b\n\nc"),
        ParserCase("paragraph: spaces around the blank line belong to neither part", paragraph,
                   "a \n\n\n b", reasoning: "a", content: "b"),
        ParserCase("paragraph: a line break, a space, a line break is not a blank line", paragraph,
                   "a\n \nb", reasoning: "a\n \nb"),
        ParserCase("paragraph: a leading opening tag is swallowed", paragraph, "<think>\nx\n\ny",
                   reasoning: "x", content: "y"),
        ParserCase("paragraph: no blank line, all reasoning", paragraph, "just one paragraph\n",
                   reasoning: "just one paragraph"),
        ParserCase("tool-call text inside reasoning stays reasoning",
                   OutputFormat(reasoning: .think(), toolCalls: .hermes),
                   #"<think>maybe <tool_call>{"name": "x"}</tool_call></think>Fine."#,
                   reasoning: #"maybe <tool_call>{"name": "x"}</tool_call>"#, content: "Fine."),
    ]

    @Test(arguments: cases) func table(_ row: ParserCase) {
        check(row)
    }
}
