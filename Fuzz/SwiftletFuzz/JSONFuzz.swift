import InferenceTypes

/// `JSONValue.parse` on arbitrary bytes. A document that parses must serialise to text that parses back to an
/// equal value and serialises to the same text again (both styles), since request bodies are echoed into prompts
/// and stored responses that way.
enum JSONFuzz {
    static func run(_ bytes: [UInt8]) {
        let value: JSONValue
        do {
            value = try JSONValue.parse(bytes)
        } catch {
            FuzzCheck.require(error.offset >= 0 && error.offset <= bytes.count, "error offset \(error.offset) outside the input")
            _ = error.description
            return
        }
        for style in [JSONValue.Style.compact, .spaced] {
            let text = value.serialized(style)
            let again: JSONValue
            do {
                again = try JSONValue.parse(text)
            } catch {
                FuzzCheck.fail("serialised JSON does not parse back: \(error)\n\(text)")
            }
            FuzzCheck.require(again == value, "JSON changed on a round trip:\n\(text)")
            FuzzCheck.require(again.serialized(style) == text, "JSON serialises differently after a round trip:\n\(text)")
        }
    }
}
