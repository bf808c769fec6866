import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A tiny blocking HTTP/1.1 client over a POSIX socket, for live tests that need what high-level clients hide:
/// the raw SSE bytes, and closing the connection mid-response. Blocking calls run on their own thread so they
/// never hold a thread of Swift's cooperative pool.
final class RawHTTPConnection: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible { let description: String }

    private let fd: Int32
    /// When the connect returned, read on the connecting thread.
    let connectedAt: ContinuousClock.Instant
    /// Set when opened with `watchingClose`: when the server closed the connection.
    private(set) var closeWatch: CloseWatch?

    private init(fd: Int32) {
        self.fd = fd
        connectedAt = .now
    }

    /// Connects to `127.0.0.1:port` (or `[::1]:port`), with a receive timeout. `watchingClose`: a thread of its own
    /// reads from the connection from the moment it is open and records when the server closes it (`closeWatch`), so
    /// a test process whose cooperative threads are busy cannot delay the measurement.
    static func open(port: Int, timeoutSeconds: Int = 60, watchingClose: Bool = false) async throws -> RawHTTPConnection {
        try await openSocket(port: port, timeoutSeconds: timeoutSeconds, watchingClose: watchingClose)
    }

    private static func openSocket(port: Int, timeoutSeconds: Int, watchingClose: Bool) async throws -> RawHTTPConnection {
        try await onThread {
            for family in [AF_INET, AF_INET6] {
                let fd = socket(family, Int32(SOCK_STREAM.rawValue), 0)
                guard fd >= 0 else { continue }
                var tv = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
                setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
                var ok: Int32 = -1
                if family == AF_INET {
                    var addr = sockaddr_in()
                    addr.sin_family = sa_family_t(AF_INET)
                    addr.sin_port = in_port_t(UInt16(port).bigEndian)
                    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
                    ok = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
                } else {
                    var addr = sockaddr_in6()
                    addr.sin6_family = sa_family_t(AF_INET6)
                    addr.sin6_port = in_port_t(UInt16(port).bigEndian)
                    addr.sin6_addr = in6addr_loopback
                    ok = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) } }
                }
                if ok == 0 {
                    let c = RawHTTPConnection(fd: fd)
                    if watchingClose { c.closeWatch = CloseWatch(fd: fd) }
                    return c
                }
                _ = Glibc.close(fd)
            }
            throw Failure(description: "cannot connect to port \(port)")
        }
    }

    /// Sends raw bytes.
    func send(_ text: String) async throws {
        let bytes = Array(text.utf8)
        let fd = self.fd
        try await Self.onThread {
            var sent = 0
            while sent < bytes.count {
                let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                guard n > 0 else { throw Failure(description: "send failed") }
                sent += n
            }
        }
    }

    /// Sends a POST with a JSON body.
    func post(_ path: String, json: String, headers: [String: String] = [:]) async throws {
        var head = "POST \(path) HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: \(json.utf8.count)\r\n"
        for (k, v) in headers { head += "\(k): \(v)\r\n" }
        let bytes = Array((head + "\r\n" + json).utf8)
        let fd = self.fd
        try await Self.onThread {
            var sent = 0
            while sent < bytes.count {
                let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                guard n > 0 else { throw Failure(description: "send failed") }
                sent += n
            }
        }
    }

    /// Reads what is available (blocking up to the timeout); nil at end of stream.
    func receive() async throws -> [UInt8]? {
        let fd = self.fd
        return try await Self.onThread {
            var buffer = [UInt8](repeating: 0, count: 65536)
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { return nil }
            guard n > 0 else { throw Failure(description: "receive failed or timed out (errno \(errno))") }
            return Array(buffer[..<n])
        }
    }

    /// Reads until the server closes the connection.
    func receiveAll() async throws -> [UInt8] {
        var out: [UInt8] = []
        while let chunk = try await receive() { out += chunk }
        return out
    }

    func close() { _ = Glibc.close(fd) }

    private static func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<T, any Error>) in
            Thread { c.resume(with: Result { try body() }) }.start()
        }
    }
}

/// A raw HTTP/1.1 response split into status line, headers and the de-chunked body.
struct RawHTTPResponse {
    var statusLine = ""
    var headers: [String: String] = [:]
    var body: [UInt8] = []

    init(_ bytes: [UInt8]) {
        let sep = Array("\r\n\r\n".utf8)
        guard let end = (0..<max(0, bytes.count - 3)).first(where: { Array(bytes[$0..<$0 + 4]) == sep }) else { return }
        let lines = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        statusLine = lines.first ?? ""
        for line in lines.dropFirst() {
            if let colon = line.firstIndex(of: ":") {
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        var rest = Array(bytes[(end + 4)...])
        guard headers["transfer-encoding"] == "chunked" else {
            body = rest
            return
        }
        // Chunked: hex size CRLF data CRLF … 0 CRLF CRLF.
        while let lineEnd = (0..<max(0, rest.count - 1)).first(where: { rest[$0] == 13 && rest[$0 + 1] == 10 }),
            let size = Int(String(decoding: rest[..<lineEnd], as: UTF8.self).split(separator: ";").first ?? "", radix: 16), size > 0,
            rest.count >= lineEnd + 2 + size
        {
            body += rest[(lineEnd + 2)..<(lineEnd + 2 + size)]
            rest = Array(rest[min(rest.count, lineEnd + 2 + size + 2)...])
        }
    }
}

/// Blocks a thread of its own in `recv` on a connection and records when the server closed it (end of stream or a
/// reset), or that it answered instead.
final class CloseWatch: @unchecked Sendable {
    enum Outcome: Sendable {
        case closed(at: ContinuousClock.Instant)
        case answered
        case failed(errno: Int32)
    }

    private let lock = NSLock()
    private var outcome: Outcome?
    private var waiter: CheckedContinuation<Outcome, Never>?

    init(fd: Int32) {
        Thread { [self] in
            var buffer = [UInt8](repeating: 0, count: 4096)
            let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            let now = ContinuousClock.now
            let result: Outcome = n == 0 || (n < 0 && errno == ECONNRESET) ? .closed(at: now)
                : n > 0 ? .answered : .failed(errno: errno)
            lock.lock()
            outcome = result
            let w = waiter
            waiter = nil
            lock.unlock()
            w?.resume(returning: result)
        }.start()
    }

    /// Waits for the outcome.
    func result() async -> Outcome {
        await withCheckedContinuation { (c: CheckedContinuation<Outcome, Never>) in
            lock.lock()
            if let o = outcome {
                lock.unlock()
                c.resume(returning: o)
            } else {
                waiter = c
                lock.unlock()
            }
        }
    }
}
