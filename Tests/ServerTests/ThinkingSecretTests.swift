import AnthropicAPI
import Foundation
import Server
import Testing

/// The thinking-signature secret kept under `$SWIFTLET_HOME`, and signatures that cover the model.
@Suite struct ThinkingSecretTests {
    @Test func generatedOnceWithModeSixHundred() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("swiftlet-home-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: home) }
        let first = try ThinkingSecretFile.loadOrCreate(home: home)
        let again = try ThinkingSecretFile.loadOrCreate(home: home)
        #expect(first.count == 64 && first == again)
        let path = home + "/" + ThinkingSecretFile.name
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        // A restarted server (a new signer over the same file) verifies what the old one signed.
        let before = ThinkingSigner(secret: first).bound(to: "m")
        let after = ThinkingSigner(secret: try ThinkingSecretFile.loadOrCreate(home: home)).bound(to: "m")
        #expect(after.isValid(before.signature(for: "a trace"), for: "a trace"))
    }

    @Test func signaturesCoverTheModel() {
        let signer = ThinkingSigner(secret: "s")
        let a = signer.bound(to: "model-a"), b = signer.bound(to: "model-b")
        let sig = a.signature(for: "2 + 2 is 4")
        #expect(a.isValid(sig, for: "2 + 2 is 4"))
        #expect(!b.isValid(sig, for: "2 + 2 is 4"))
        #expect(!a.isValid(sig, for: "2 + 2 is 5"))
    }
}
