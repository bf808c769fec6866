import Hummingbird
import Web

extension BaseURL {
    /// The base URL `request` reached this server at (see ``BaseURL/resolve(publicURL:host:forwardedProto:listenHost:port:)``).
    static func of(_ request: Request, configuration: ServerConfiguration) -> String {
        resolve(publicURL: configuration.publicURL, host: request.head.authority ?? request.headers[HeaderNames.host],
            forwardedProto: request.headers[HeaderNames.forwardedProto], listenHost: configuration.host,
            port: configuration.port)
    }
}
