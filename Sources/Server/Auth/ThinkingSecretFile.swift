import Foundation
import InferenceTypes

/// The thinking-signature secret of a server started without one configured: generated once (256 random bits, hex)
/// and kept in `$SWIFTLET_HOME/thinking-secret` with mode 0600, so signatures survive restarts, and several instances
/// sharing a home (or given the file's content as `thinkingSecret`) accept each other's thinking blocks.
public enum ThinkingSecretFile {
    /// The file's name under the home directory.
    public static let name = "thinking-secret"

    /// A failure to read or create the file, naming it.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// The secret stored under `home`, created (mode 0600) when the file does not exist yet.
    public static func loadOrCreate(home: String) throws(Failure) -> String {
        let path = (home as NSString).appendingPathComponent(name)
        let fm = FileManager.default
        if let data = fm.contents(atPath: path) {
            let secret = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard secret.count >= 32 else { throw Failure(description: "\(path) holds no usable secret (expected 64 hex digits)") }
            // Tighten a file someone loosened: the secret signs what clients send back.
            try? fm.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
            return secret
        }
        do {
            try fm.createDirectory(atPath: home, withIntermediateDirectories: true)
        } catch {
            throw Failure(description: "cannot create \(home): \(error.localizedDescription)")
        }
        var rng = SystemRandomNumberGenerator()
        let secret = Hex.encode((0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) })
        // Created with 0600 from the start (never briefly readable by others); a concurrent creator wins the race.
        guard fm.createFile(atPath: path, contents: Data(secret.utf8), attributes: [.posixPermissions: 0o600]),
            let stored = fm.contents(atPath: path)
        else {
            throw Failure(description: "cannot write \(path)")
        }
        // What is on disk is the secret, also when another process created the file at the same moment.
        return String(decoding: stored, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
