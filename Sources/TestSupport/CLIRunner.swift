import Foundation

/// Runs the `swiftlet` binary built beside the test bundle (same build folder and configuration).
public enum CLIRunner {
    private final class DataBox: @unchecked Sendable {
        private let lock = NSLock()
        private var value = Data()
        private var finished = false
        var data: Data {
            get { lock.withLock { value } }
            set { lock.withLock { value = newValue; finished = true } }
        }
        var done: Bool { lock.withLock { finished } }
    }

    /// The result of one run.
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// The executable's path: the test bundle sits in the build folder beside it.
    public static var executable: String {
        var dir = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).deletingLastPathComponent()
        if dir.lastPathComponent.hasSuffix(".xctest") { dir.deleteLastPathComponent() }
        return dir.appendingPathComponent("swiftlet").path
    }

    /// Runs `swiftlet arguments…` with `stdin` as standard input and extra environment variables.
    public static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:]) throws
        -> Result
    {
        try launch(URL(fileURLWithPath: executable), arguments, stdin: stdin, environment: environment)
    }

    /// Runs another program found on PATH (curl, python3) the same way.
    public static func runTool(_ tool: String, _ arguments: [String], stdin: String? = nil) throws -> Result {
        try launch(URL(fileURLWithPath: "/usr/bin/env"), [tool] + arguments, stdin: stdin, environment: [:])
    }

    /// `runTool` for runs of minutes (the live acceptance scripts): the waiting happens on a thread of its own, so
    /// the run does not hold one of the Swift concurrency pool's threads. On 2 cores the pool has two; two blocking
    /// runs would stall every other async test of the suite (in-process servers included) until they end.
    public static func runToolOffPool(_ tool: String, _ arguments: [String]) async throws -> Result {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Result, any Error>) in
            let thread = Thread { c.resume(with: Swift.Result { try runTool(tool, arguments) }) }
            thread.start()
        }
    }

    private static func launch(_ url: URL, _ arguments: [String], stdin: String?, environment: [String: String]) throws
        -> Result
    {
        let p = Process()
        p.executableURL = url
        p.arguments = arguments
        p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        let input = Pipe()
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Drain stderr on another thread while stdout is read here, so neither pipe can fill up and block.
        let errBox = DataBox()
        let errReader = Thread { errBox.data = err.fileHandleForReading.readDataToEndOfFile() }
        errReader.start()
        let outBytes = out.fileHandleForReading.readDataToEndOfFile()
        while !errBox.done { usleep(1000) }
        let errBytes = errBox.data
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: outBytes, as: UTF8.self),
            stderr: String(decoding: errBytes, as: UTF8.self))
    }
}
