/// Markdown building blocks for the `.md` pages and llms.txt files.
enum Markdown {
    /// `text` as an inline code span, with enough backticks around it that none inside can end it.
    static func code(_ text: String) -> String {
        let longest = longestRun(of: "`", in: text)
        let fence = String(repeating: "`", count: longest + 1)
        let pad = text.hasPrefix("`") || text.hasSuffix("`") ? " " : ""
        return fence + pad + text + pad + fence
    }

    /// A fenced code block in `language`, fenced with more backticks than `code` contains in a row.
    static func fenced(_ code: String, language: String) -> String {
        let fence = String(repeating: "`", count: max(3, longestRun(of: "`", in: code) + 1))
        var body = code
        if !body.hasSuffix("\n") { body += "\n" }
        return fence + language + "\n" + body + fence + "\n"
    }

    /// A table cell: `|` escaped, line breaks as spaces.
    static func cell(_ text: String) -> String {
        var out = ""
        for c in text {
            switch c {
            case "|": out += "\\|"
            case "\n", "\r": out += " "
            default: out.append(c)
            }
        }
        return out
    }

    /// Link text: brackets and backslashes escaped.
    static func linkText(_ text: String) -> String {
        var out = ""
        for c in text {
            if c == "[" || c == "]" || c == "\\" { out += "\\" }
            out.append(c)
        }
        return out
    }

    private static func longestRun(of char: Character, in text: String) -> Int {
        var best = 0, run = 0
        for c in text {
            run = c == char ? run + 1 : 0
            best = max(best, run)
        }
        return best
    }
}
