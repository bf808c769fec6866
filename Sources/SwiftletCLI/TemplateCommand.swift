import ArgumentParser
import ChatTemplates
import Foundation
import GGUF
import Inference
import InferenceTypes
import Jinja
import Tokenizers

/// `swiftlet template (--model M | --file T.jinja)`: renders a chat template for a JSON context read on stdin.
struct TemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Render a chat template for a JSON context read on standard input.",
        discussion: """
            The context is a JSON object of template variables: messages, tools, add_generation_prompt (default \
            true), bos_token and eos_token (default: the model's tokens with --model), and any extra keys such as \
            enable_thinking. The rendered prompt is printed exactly, with no newline added.
            """
    )

    @Option(name: .shortAndLong, help: "Use this model's template (or its built-in fallback).")
    var model: String?

    @Option(name: .shortAndLong, help: "Use the template in this Jinja file.")
    var file: String?

    func validate() throws {
        guard (model == nil) != (file == nil) else { throw ValidationError("give exactly one of --model or --file") }
    }

    func run() throws {
        let input = FileHandle.standardInput.readDataToEndOfFile()
        let context: JSONValue
        do { context = try JSONValue.parse([UInt8](input)) } catch { throw CLIError("stdin: \(error)") }
        guard case .object(let pairs) = context else { throw CLIError("stdin: expected a JSON object of variables") }

        var variables: [String: Value] = [:]
        let template: ChatTemplate
        do {
            if let file {
                guard let source = try? String(contentsOfFile: file, encoding: .utf8) else {
                    throw CLIError("cannot read \(file)")
                }
                template = try ChatTemplate(source: source)
            } else {
                var options = ModelOptions()
                options.model = model ?? ModelCatalog.defaultID
                let gguf = try GGUFFile(path: try options.resolve().path)
                template = try ChatTemplate.forModel(gguf).0
                let tokenizer = try Tokenizer.load(from: gguf)
                let text = { (id: TokenID?) in id.map { String(decoding: tokenizer.tokenBytes($0), as: UTF8.self) } ?? "" }
                variables["bos_token"] = .string(text(tokenizer.bosToken))
                variables["eos_token"] = .string(text(tokenizer.eosToken))
            }
        } catch let e as TemplateError {
            throw CLIError("template: \(e)")
        } catch let e as GGUFError {
            throw CLIError(e.description)
        } catch let e as TokenizerError {
            throw CLIError(e.description)
        }
        variables["add_generation_prompt"] = .bool(true)
        for (k, v) in pairs { variables[k] = Value(v) }
        do {
            let text = try template.template.render(variables)
            FileHandle.standardOutput.write(Data(text.utf8))
        } catch {
            throw CLIError("template: \(error)")
        }
    }
}
