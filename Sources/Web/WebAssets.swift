public import Foundation

/// The CSS, JavaScript and icon the pages load from `/assets/…`: the files of this target's `Assets` folder, which
/// SwiftPM copies into the `Swiftlet_Web.resources` bundle beside the `swiftlet` binary. Read once at start-up and
/// served from memory.
///
/// The bundle is looked up by hand instead of through `Bundle.module`, whose generated accessor stops the process
/// when the bundle is missing (a `swiftlet` binary copied without it): here the API keeps serving, the pages come
/// without styles and scripts, and ``problem`` says what to copy where.
public struct WebAssets: Sendable {
    /// One file.
    public struct Asset: Sendable {
        public let bytes: [UInt8]
        /// `text/css; charset=utf-8`, …
        public let contentType: String
        /// A hash of the bytes: the `ETag` and the `?v=` of the URLs pages use, so a changed file is fetched anew.
        public let version: String
    }

    /// File name → file.
    public let files: [String: Asset]
    /// Why the files could not be read (nil = they were).
    public let problem: String?

    /// Files given in memory (tests).
    public init(files: [String: [UInt8]], problem: String? = nil) {
        var assets: [String: Asset] = [:]
        for (name, bytes) in files {
            assets[name] = Asset(bytes: bytes, contentType: Self.contentType(of: name), version: Self.hash(bytes))
        }
        self.files = assets
        self.problem = problem
    }

    /// The assets of this installation, read on first use.
    public static let installed = WebAssets.load()

    /// The folder name SwiftPM gives this target's resources on Linux (`.bundle` on Apple platforms).
    public static let bundleNames = ["Swiftlet_Web.resources", "Swiftlet_Web.bundle"]

    /// Reads the assets from the first bundle found beside the running executable (the symlink-resolved one too), or
    /// from the folder `SWIFTLET_WEB_ASSETS` names.
    public static func load(environment: [String: String] = ProcessInfo.processInfo.environment) -> WebAssets {
        var candidates: [URL] = []
        if let dir = environment["SWIFTLET_WEB_ASSETS"], !dir.isEmpty { candidates.append(URL(fileURLWithPath: dir)) }
        var homes = [Bundle.main.bundleURL]
        if let exe = Bundle.main.executableURL {
            homes.append(exe.deletingLastPathComponent())
            homes.append(exe.resolvingSymlinksInPath().deletingLastPathComponent())
        }
        for home in homes {
            for name in bundleNames {
                candidates.append(home.appendingPathComponent(name).appendingPathComponent("Assets"))
                candidates.append(home.appendingPathComponent(name).appendingPathComponent("Contents/Resources/Assets"))
            }
        }
        let fm = FileManager.default
        for dir in candidates {
            guard let names = try? fm.contentsOfDirectory(atPath: dir.path), names.contains("style.css") else { continue }
            var files: [String: [UInt8]] = [:]
            for name in names where !name.hasPrefix(".") {
                if let data = fm.contents(atPath: dir.appendingPathComponent(name).path) { files[name] = [UInt8](data) }
            }
            return WebAssets(files: files)
        }
        let looked = candidates.map(\.path).joined(separator: ", ")
        return WebAssets(files: [:], problem:
            "the web pages' assets were not found (looked in \(looked)): copy the Swiftlet_Web.resources folder from the build directory beside the swiftlet binary, or set SWIFTLET_WEB_ASSETS to its Assets folder")
    }

    /// The file called `name`.
    public func asset(_ name: String) -> Asset? { files[name] }

    /// The URL path pages use for `name`, versioned by its content.
    public func path(_ name: String) -> String {
        "/assets/" + name + (files[name].map { "?v=" + $0.version } ?? "")
    }

    /// The media type of a file name.
    static func contentType(of name: String) -> String {
        if name.hasSuffix(".css") { return "text/css; charset=utf-8" }
        if name.hasSuffix(".js") { return "text/javascript; charset=utf-8" }
        if name.hasSuffix(".svg") { return "image/svg+xml" }
        if name.hasSuffix(".json") { return "application/json" }
        if name.hasSuffix(".txt") { return "text/plain; charset=utf-8" }
        return "application/octet-stream"
    }

    /// 64-bit FNV-1a of `bytes`, as 16 hex digits.
    static func hash(_ bytes: [UInt8]) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        let s = String(h, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
