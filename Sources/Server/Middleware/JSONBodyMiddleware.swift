import HTTPTypes
import Hummingbird
import InferenceTypes
import NIOCore

/// Reads and parses the JSON body of POST requests: 415 without a JSON content type or with an empty body,
/// 413 over the size limit (checked on `Content-Length` first, then while reading), 400 for malformed JSON.
/// The parsed value goes to the handler in `context.json`. On the ModelsLab routes a body `key` is checked first
/// (``BodyKey``), so a caller without a valid key never gets its body parsed.
struct JSONBodyMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let maxBytes: Int
    let authority: KeyAuthority

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post else { return try await next(request, context) }
        guard Self.isJSON(request.headers[.contentType]) else {
            throw APIError.unsupportedBody(
                "Unsupported content type: send the body as JSON with `Content-Type: application/json`.")
        }
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > maxBytes {
            throw APIError.bodyTooLarge(limit: maxBytes)
        }
        var bytes: [UInt8] = []
        for try await buffer in request.body {
            guard bytes.count + buffer.readableBytes <= maxBytes else { throw APIError.bodyTooLarge(limit: maxBytes) }
            bytes.append(contentsOf: buffer.readableBytesView)
        }
        guard !bytes.isEmpty else {
            throw APIError.unsupportedBody("The request body is empty; send a JSON object.")
        }
        var context = context
        if context.needsBodyKey {
            // The body's key is checked before the body is parsed: an unknown caller costs a scan, not a parse.
            context.caller = try await AuthMiddleware.bodyKeyCaller(BodyKey.find(in: bytes), authority: authority)
            let label = context.caller.logLabel
            context.record.update { $0.key = label }
            context.needsBodyKey = false
        }
        context.json = try JSONValue.parse(bytes)
        return try await next(request, context)
    }

    /// `application/json`, with or without parameters (`; charset=utf-8`), or any `…+json` type.
    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let media = contentType.split(separator: ";", maxSplits: 1).first.map { $0.trimmingCharacters() } ?? ""
        return media == "application/json" || (media.hasPrefix("application/") && media.hasSuffix("+json"))
    }
}

extension Substring {
    fileprivate func trimmingCharacters() -> String {
        var s = self
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return s.lowercased()
    }
}
