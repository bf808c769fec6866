import Foundation
import Testing
import Web

@Suite struct AssetTests {
    @Test func theBundleBesideTheBinaryHoldsEveryAsset() throws {
        let assets = WebAssets.load()
        #expect(assets.problem == nil)
        for name in ["style.css", "site.js", "playground.js", "usage.js", "favicon.svg"] {
            let file = try #require(assets.asset(name), "\(name) is shipped")
            #expect(!file.bytes.isEmpty && file.version.count == 16)
        }
        #expect(assets.asset("style.css")?.contentType == "text/css; charset=utf-8")
        #expect(assets.asset("playground.js")?.contentType == "text/javascript; charset=utf-8")
        #expect(assets.path("style.css").hasPrefix("/assets/style.css?v="))
    }

    @Test func aMissingBundleIsReportedNotFatal() {
        let assets = WebAssets.load(environment: ["SWIFTLET_WEB_ASSETS": "/nonexistent"])
        // The bundle beside the test binary is still found after the environment's folder.
        #expect(assets.asset("style.css") != nil)
        let none = WebAssets(files: [:], problem: "missing")
        #expect(none.path("style.css") == "/assets/style.css" && none.problem == "missing")
    }

    /// The playground with everything it loads stays under 150 KB.
    @Test func playgroundIsSmall() {
        let assets = WebAssets.load()
        let page = PlaygroundPage.render(site: sampleSite(), assets: assets).text.utf8.count
        let loaded = ["style.css", "site.js", "playground.js", "favicon.svg"].reduce(0) { $0 + (assets.asset($1)?.bytes.count ?? 0) }
        #expect(page + loaded < 150_000, "playground is \(page + loaded) bytes")
    }

    /// The scripts are valid JavaScript (checked with Node when the machine has it).
    @Test func scriptsParse() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/node") else { return }
        let assets = WebAssets.load()
        for name in ["site.js", "playground.js", "usage.js"] {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("swiftlet-\(UUID().uuidString)-\(name)")
            try Data(assets.asset(name)?.bytes ?? []).write(to: file)
            defer { try? FileManager.default.removeItem(at: file) }
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/node")
            p.arguments = ["--check", file.path]
            try p.run()
            p.waitUntilExit()
            #expect(p.terminationStatus == 0, "\(name) parses")
        }
    }
}
