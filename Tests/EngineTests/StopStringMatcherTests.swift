import Engine
import Testing

@Suite struct StopStringMatcherTests {
    /// Feeds `text` cut at the given byte offsets (whole characters only) and returns emitted text and the match.
    func run(_ stops: [String], _ pieces: [String]) -> (String, String?) {
        var m = StopStringMatcher(stopStrings: stops)
        var out = ""
        for p in pieces {
            out += m.append(p)
            // Nothing emitted may ever contain a stop string.
            for s in stops where !s.isEmpty { #expect(!out.contains(s)) }
        }
        if m.matched == nil { out += m.flush() }
        return (out, m.matched)
    }

    /// Every split of `text` into two and three pieces on character boundaries.
    func splits(_ text: String) -> [[String]] {
        let chars = Array(text)
        var result: [[String]] = [[text], chars.map(String.init)]
        for i in 0...chars.count {
            result.append([String(chars[..<i]), String(chars[i...])])
            for j in i...chars.count {
                result.append([String(chars[..<i]), String(chars[i..<j]), String(chars[j...])])
            }
        }
        return result
    }

    @Test(arguments: [
        (["END"], "hello END world", "hello ", "END"),
        (["END"], "hello EN world", "hello EN world", nil),
        (["\n\n", "User:"], "a\nb\n\nc", "a\nb", "\n\n"),
        (["User:", "\n\n"], "x User: y\n\n", "x ", "User:"),
        (["ab", "abc"], "zzabcz", "zz", "ab"),
        (["ééé"], "aééb ééé", "aééb ", "ééé"),
        (["🌍!"], "hi 🌍 there 🌍!", "hi 🌍 there ", "🌍!"),
        (["aaa"], "aaaa", "", "aaa"),
        (["xy"], "xxxy", "xx", "xy"),
        ([String](), "nothing to stop", "nothing to stop", nil),
    ] as [([String], String, String, String?)])
    func matchesAtEverySplit(stops: [String], text: String, expected: String, match: String?) {
        for pieces in splits(text) {
            let (out, m) = run(stops, pieces)
            #expect(out == expected, "pieces \(pieces)")
            #expect(m == match, "pieces \(pieces)")
        }
    }

    @Test func holdsBackOnlyWhatCouldMatch() {
        var m = StopStringMatcher(stopStrings: ["STOP"])
        #expect(m.append("abc ST") == "abc ")
        #expect(m.heldBackCount == 2)
        #expect(m.append("X") == "STX")
        #expect(m.append("S") == "")
        #expect(m.flush() == "S")
    }

    @Test func inputAfterAMatchIsIgnored() {
        var m = StopStringMatcher(stopStrings: ["."])
        #expect(m.append("one. two") == "one")
        #expect(m.append("three") == "")
        #expect(m.matched == ".")
    }
}
