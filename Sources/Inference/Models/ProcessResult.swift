import Foundation

/// The outcome of running a helper program to completion.
struct ProcessResult {
    var status: Int32
    /// Combined stdout and stderr (empty when the output was passed through to the terminal).
    var output: String

    /// The last lines of the output, for error messages.
    var tail: String {
        let lines = output.split(separator: "\n", omittingEmptySubsequences: true).suffix(12)
        return lines.joined(separator: "\n")
    }

    /// Runs `program` (looked up on PATH) with `arguments`. Output goes to a temporary file (so a chatty program
    /// cannot fill a pipe and stall), or straight to our stderr when `passOutputThrough`.
    static func run(
        _ program: String, _ arguments: [String], environment: [String: String] = [:], passOutputThrough: Bool
    ) throws -> ProcessResult {
        let p = Process()
        if !environment.isEmpty {
            p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = [program] + arguments
        p.standardInput = FileHandle.nullDevice
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("swiftlet-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).log")
        var handle: FileHandle?
        if passOutputThrough {
            p.standardOutput = FileHandle.standardError
            p.standardError = FileHandle.standardError
        } else {
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            let h = try FileHandle(forWritingTo: log)
            handle = h
            p.standardOutput = h
            p.standardError = h
        }
        defer {
            try? handle?.close()
            try? FileManager.default.removeItem(at: log)
        }
        try p.run()
        p.waitUntilExit()
        let text = passOutputThrough ? "" : ((try? String(contentsOf: log, encoding: .utf8)) ?? "")
        if p.terminationReason == .uncaughtSignal {
            return ProcessResult(status: 128 + p.terminationStatus, output: text)
        }
        return ProcessResult(status: p.terminationStatus, output: text)
    }
}
