import HTTPTypes
import Hummingbird
import NIOCore
import Web

extension Response {
    /// An HTML page, with the pages' Content-Security-Policy (scripts and styles from this server only, nothing
    /// inline) and headers that keep it out of frames and other sites' referrers.
    static func page(_ html: HTML, status: Int = 200) -> Response {
        var response = text(html.text, type: "text/html; charset=utf-8", status: status)
        response.headers[HeaderNames.contentSecurityPolicy] = PageLayout.contentSecurityPolicy
        response.headers[HeaderNames.referrerPolicy] = "no-referrer"
        response.headers[HeaderNames.frameOptions] = "DENY"
        return response
    }

    /// A text document (markdown, llms.txt), never cached long: it names models and prices that may change.
    static func text(_ body: String, type: String, status: Int = 200) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        headers[HeaderNames.cacheControl] = "no-cache"
        headers[HeaderNames.contentTypeOptions] = "nosniff"
        return Response(status: Self.status(status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    /// A CSS, JavaScript or icon file: `304` when the client has this version, a year of caching when the URL was
    /// versioned (pages link `?v=<version>`), else revalidated each time.
    static func asset(_ file: WebAssets.Asset, notModified: Bool, immutable: Bool) -> Response {
        var headers = HTTPFields()
        headers[.eTag] = "\"\(file.version)\""
        headers[HeaderNames.cacheControl] = immutable ? "public, max-age=31536000, immutable" : "no-cache"
        headers[HeaderNames.contentTypeOptions] = "nosniff"
        if notModified { return Response(status: .notModified, headers: headers) }
        headers[.contentType] = file.contentType
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: file.bytes)))
    }
}
