import ArgumentParser
import Foundation
import GGUF
import Inference

/// `swiftlet models`: lists installed models.
struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models", abstract: "List installed models.")

    func run() throws {
        let store = ModelStore()
        let files = store.installedFiles()
        if files.isEmpty {
            print("No models in \(store.directory). Run `swiftlet pull` to get \(ModelCatalog.defaultID).")
            return
        }
        var rows = [["ID", "ARCH", "QUANT", "PARAMS", "CONTEXT", "SIZE", "PATH"]]
        for path in files {
            let resolved = ResolvedModel(path: path)
            do {
                let info = ModelInfo(file: try GGUFFile(path: path), id: resolved.id)
                rows.append([
                    info.id, info.architecture, info.quantization, info.parameterText,
                    info.contextLength.map(String.init) ?? "?", megabytes(info.fileSize), path,
                ])
            } catch {
                rows.append([resolved.id, "unreadable", "", "", "", "", "\(path): \(error.message)"])
            }
        }
        printTable(rows)
    }
}

/// `12.3 MB`.
func megabytes(_ bytes: Int) -> String {
    let tenths = Int((Double(bytes) / 1e5).rounded())
    return "\(tenths / 10).\(tenths % 10) MB"
}

/// Prints rows as left-aligned columns separated by two spaces.
func printTable(_ rows: [[String]]) {
    guard let width = rows.first?.count else { return }
    let widths = (0..<width).map { c in rows.map { $0[c].count }.max() ?? 0 }
    for row in rows {
        let cells = row.enumerated().map { c, s in c == width - 1 ? s : s.padding(toLength: widths[c] + 2, withPad: " ", startingAt: 0) }
        print(cells.joined())
    }
}
