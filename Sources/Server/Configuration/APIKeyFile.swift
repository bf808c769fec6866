import Foundation

/// API keys kept in a file rather than on the command line (where `ps` shows them): one key per line; blank lines
/// and lines starting with `#` are skipped, surrounding spaces trimmed.
enum APIKeyFile {
    /// What is wrong with the file.
    struct Error: Swift.Error, CustomStringConvertible {
        let description: String
    }

    /// The keys in the file at `path`; an unreadable file or one without any key is an error.
    static func read(_ path: String) throws(Error) -> [String] {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw Error(description: "cannot read the API key file \(path)")
        }
        let keys = text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        guard !keys.isEmpty else { throw Error(description: "the API key file \(path) holds no key") }
        return keys
    }
}
