#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The harnesses' own assertions: a property of a parser's result that must hold for every input.
enum FuzzCheck {
    /// Stops the run with `message` when `condition` is false (libFuzzer then saves the input as a crash).
    static func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
        guard condition() else { fail(message()) }
    }

    /// Prints `message` to standard error and aborts.
    static func fail(_ message: String) -> Never {
        let line = Array("fuzz check failed: \(message)\n".utf8)
        _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
        abort()
    }

    /// Prints `message` to standard error.
    static func print(_ message: String) {
        let line = Array("\(message)\n".utf8)
        _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }
}
