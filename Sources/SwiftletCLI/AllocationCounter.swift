import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// The counters of `libSwiftletAllocCounter.so` (the `AllocCounter` C target), found at run time with `dlsym` when
/// that library was preloaded with `LD_PRELOAD`. The production binary never links it: without the preload there
/// is nothing to find and counting is unavailable.
struct AllocationCounter {
    /// Counter values at one moment.
    struct Snapshot {
        /// Calls that obtained memory (malloc, calloc, realloc, posix_memalign, aligned_alloc, …), all threads.
        var allocations: UInt64
        /// Calls of `free` with a non-null pointer.
        var frees: UInt64
        /// Bytes requested by the counted calls.
        var bytes: UInt64

        /// Counts from `earlier` to `self`.
        func since(_ earlier: Snapshot) -> Snapshot {
            Snapshot(allocations: allocations &- earlier.allocations, frees: frees &- earlier.frees,
                bytes: bytes &- earlier.bytes)
        }
    }

    private typealias Reader = @convention(c) () -> UInt64
    private let allocations: Reader
    private let frees: Reader
    private let bytes: Reader

    /// The library's file name, looked for beside the executable.
    static let libraryName = "libSwiftletAllocCounter.so"

    /// The preloaded counters, or nil when the library is not loaded in this process.
    static func preloaded() -> AllocationCounter? {
        #if canImport(Glibc)
        guard let process = dlopen(nil, RTLD_NOW),
            let a = dlsym(process, "swiftlet_alloc_count"), let f = dlsym(process, "swiftlet_free_count"),
            let b = dlsym(process, "swiftlet_alloc_bytes")
        else { return nil }
        return AllocationCounter(allocations: unsafeBitCast(a, to: Reader.self), frees: unsafeBitCast(f, to: Reader.self),
            bytes: unsafeBitCast(b, to: Reader.self))
        #else
        return nil
        #endif
    }

    /// The counters now.
    func snapshot() -> Snapshot {
        Snapshot(allocations: allocations(), frees: frees(), bytes: bytes())
    }

    /// When the counting library sits beside this executable and is not preloaded yet, runs this same command again
    /// with it preloaded (replacing this process); returns only when that is not possible.
    static func reexecutePreloaded() {
        #if canImport(Glibc)
        guard let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return }
        let library = URL(fileURLWithPath: executable).deletingLastPathComponent().appendingPathComponent(libraryName).path
        let current = ProcessInfo.processInfo.environment["LD_PRELOAD"] ?? ""
        guard FileManager.default.fileExists(atPath: library), !current.contains(libraryName) else { return }
        setenv("LD_PRELOAD", current.isEmpty ? library : library + ":" + current, 1)
        var argv: [UnsafeMutablePointer<CChar>?] = CommandLine.arguments.map { strdup($0) }
        argv.append(nil)
        execv(executable, &argv)
        #endif
    }
}
