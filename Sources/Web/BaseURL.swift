import Foundation

/// The address clients reach the server at, for the URLs the pages and snippets print.
public enum BaseURL {
    /// The configured public URL when there is one (behind a proxy that rewrites `Host`), else the request's `Host`
    /// (with `https` when a proxy says so in `X-Forwarded-Proto`), else the address the server listens on.
    public static func resolve(publicURL: String?, host: String?, forwardedProto: String?, listenHost: String, port: Int)
        -> String
    {
        if let publicURL { return publicURL }
        let proto = forwardedProto?.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let scheme = proto == "https" ? "https" : "http"
        if let host, isHost(host) { return "\(scheme)://\(host)" }
        let listen = ["0.0.0.0", "::", ""].contains(listenHost) ? "127.0.0.1" : listenHost
        return "http://\(listen.contains(":") ? "[\(listen)]" : listen):\(port)"
    }

    /// A `Host` value that is a name or address with an optional port: letters, digits, `-`, `.`, `_`, `:` and the
    /// brackets of an IPv6 literal only, so it can go into pages and snippets as it is.
    public static func isHost(_ value: String) -> Bool {
        guard !value.isEmpty, value.utf8.count <= 255 else { return false }
        return value.unicodeScalars.allSatisfy { c in
            ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || "-._:[]".unicodeScalars.contains(c)
        }
    }
}
