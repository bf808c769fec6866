#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only memory mapping of a whole file.
///
/// - Important: the mapping is immutable for its whole life, so it can be shared across threads; the pointer is valid
///   until the `MappedFile` is deinitialised, so keep the owner alive while reading through it.
final class MappedFile: @unchecked Sendable {
    let base: UnsafeRawPointer
    let count: Int
    private let isMapped: Bool

    /// A private heap copy of `bytes` (for parsing data that is not in a file, e.g. in fuzz tests).
    init(copying bytes: [UInt8]) {
        let p = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 64)
        bytes.withUnsafeBytes { src in
            if let s = src.baseAddress { p.copyMemory(from: s, byteCount: bytes.count) }
        }
        base = UnsafeRawPointer(p)
        count = bytes.count
        isMapped = false
    }

    init(path: String) throws(GGUFError) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw GGUFError(.cannotOpen, path: path, offset: nil, "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            throw GGUFError(.cannotOpen, path: path, offset: nil, "cannot stat: \(String(cString: strerror(errno)))")
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            throw GGUFError(.cannotOpen, path: path, offset: nil, "not a regular file")
        }
        let size = Int(st.st_size)
        guard size > 0 else {
            throw GGUFError(.truncated, path: path, offset: 0, "file is empty")
        }
        let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0)
        guard let p, p != MAP_FAILED else {
            throw GGUFError(.cannotOpen, path: path, offset: nil, "cannot map: \(String(cString: strerror(errno)))")
        }
        base = UnsafeRawPointer(p)
        count = size
        isMapped = true
    }

    deinit {
        if isMapped {
            munmap(UnsafeMutableRawPointer(mutating: base), count)
        } else {
            UnsafeMutableRawPointer(mutating: base).deallocate()
        }
    }

    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }
}
