import ArgumentParser
import Foundation
import GGUF
import Inference
import InferenceTypes

/// `swiftlet inspect --model M [--json]`: prints a GGUF file's metadata and tensor table.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect", abstract: "Print a model file's metadata and tensor table.")

    @OptionGroup var model: ModelOptions

    @Flag(help: "Print JSON instead of text.")
    var json = false

    @Flag(help: "Print long arrays (token lists, merges) in full in the text output.")
    var full = false

    func run() throws {
        let resolved = try model.resolve()
        let file: GGUFFile
        do { file = try GGUFFile(path: resolved.path) } catch { throw CLIError(error.description) }
        if json {
            print(Self.json(file).serialized(.compact))
            return
        }
        let info = ModelInfo(file: file, id: resolved.id)
        print("file: \(file.path)")
        print("GGUF v\(file.version), \(file.metadata.count) metadata entries, \(file.tensors.count) tensors, "
            + "alignment \(file.alignment), data at byte \(file.dataOffset)")
        print("model: \(info.id) — \(info.architecture), \(info.quantization), \(info.parameterText) parameters, "
            + "context \(info.contextLength.map(String.init) ?? "?"), \(megabytes(info.fileSize))")
        print("\nmetadata:")
        for key in file.metadata.keys {
            guard let v = file.metadata[key] else { continue }
            let text: String
            if full, case .array(_, let items) = v {
                text = "[" + items.map(\.description).joined(separator: ", ") + "]"
            } else if case .string(let s) = v, s.count > 200, !full {
                text = "\"" + String(s.prefix(200)).replacingOccurrences(of: "\n", with: "\\n") + "…\" (\(s.count) chars)"
            } else {
                text = v.description.replacingOccurrences(of: "\n", with: "\\n")
            }
            print("  \(key) [\(v.type)] = \(text)")
        }
        print("\ntensors:")
        var rows = [["NAME", "TYPE", "SHAPE", "OFFSET", "BYTES"]]
        for t in file.tensors {
            rows.append([t.name, t.type.name, "[" + t.shape.map(String.init).joined(separator: ", ") + "]",
                String(t.offset), String(t.byteCount)])
        }
        printTable(rows)
    }

    /// The whole file description as JSON: metadata in full (arrays included) and the tensor index.
    static func json(_ file: GGUFFile) -> JSONValue {
        var meta: [(String, JSONValue)] = []
        for key in file.metadata.keys {
            if let v = file.metadata[key] { meta.append((key, jsonValue(v))) }
        }
        let tensors: [JSONValue] = file.tensors.map { t in
            .makeObject([
                ("name", .string(t.name)), ("type", .string(t.type.name)),
                ("shape", .array(t.shape.map { .int(Int64($0)) })), ("offset", .int(Int64(t.offset))),
                ("bytes", .int(Int64(t.byteCount))),
            ])
        }
        return .makeObject([
            ("path", .string(file.path)), ("version", .int(Int64(file.version))),
            ("alignment", .int(Int64(file.alignment))), ("data_offset", .int(Int64(file.dataOffset))),
            ("metadata", .makeObject(meta)), ("tensors", .array(tensors)),
        ])
    }

    static func jsonValue(_ v: GGUFValue) -> JSONValue {
        switch v {
        case .string(let s): return .string(s)
        case .bool(let b): return .bool(b)
        case .float32(let f): return .double(Double(f))
        case .float64(let d): return .double(d)
        case .uint64(let u): return u <= UInt64(Int64.max) ? .int(Int64(u)) : .double(Double(u))
        case .array(_, let items): return .array(items.map(jsonValue))
        default: return v.intValue.map { .int(Int64($0)) } ?? .null
        }
    }
}
