import ArgumentParser
import GGUF
import Inference
import InferenceTypes
import Tokenizers

/// `swiftlet tokenize --model M [--parse-special] [--add-special] TEXT`: prints token ids as a JSON array.
struct TokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize", abstract: "Print the token ids of a text as a JSON array.")

    @OptionGroup var model: ModelOptions

    @Flag(help: "Recognise control tokens written in the text (e.g. <|im_start|>).")
    var parseSpecial = false

    @Flag(help: "Add the model's BOS/EOS tokens as its metadata says.")
    var addSpecial = false

    @Flag(help: "Print each token's id and text, one per line, instead of the JSON array.")
    var pieces = false

    @Argument(help: "The text to tokenize.")
    var text: String

    func run() throws {
        let tokenizer = try loadTokenizer(model)
        let ids = tokenizer.encode(text, addSpecial: addSpecial, parseSpecial: parseSpecial)
        if pieces {
            for id in ids {
                let shown = JSONValue.string(String(decoding: tokenizer.tokenBytes(id), as: UTF8.self))
                print("\(id)\t\(shown.serialized())")
            }
        } else {
            print(JSONValue.array(ids.map { .int(Int64($0)) }).serialized())
        }
    }
}

/// Loads the tokenizer of the model named by `options`.
func loadTokenizer(_ options: ModelOptions) throws -> Tokenizer {
    let resolved = try options.resolve()
    do {
        return try Tokenizer.load(from: try GGUFFile(path: resolved.path))
    } catch let e as GGUFError {
        throw CLIError(e.description)
    } catch let e as TokenizerError {
        throw CLIError(e.description)
    }
}
