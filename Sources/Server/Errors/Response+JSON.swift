import AnthropicAPI
import HTTPTypes
import Hummingbird
import InferenceTypes
import NIOCore
import OpenAIAPI

extension Response {
    /// A JSON response (`application/json`).
    static func json(_ value: JSONValue, status: Int = 200) -> Response {
        let text = value.serialized()
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(
            status: Self.status(status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text))
        )
    }

    /// A status with its usual reason phrase.
    static func status(_ code: Int) -> HTTPResponse.Status {
        let phrases: [Int: String] = [
            200: "OK", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
            405: "Method Not Allowed", 413: "Content Too Large", 415: "Unsupported Media Type",
            422: "Unprocessable Content", 429: "Too Many Requests", 500: "Internal Server Error",
            503: "Service Unavailable", 529: "Overloaded",
        ]
        return HTTPResponse.Status(code: code, reasonPhrase: phrases[code] ?? "")
    }

    /// The error rendered in the shape of `family`.
    static func error(_ e: APIError, family: APIFamily, requestID: String) -> Response {
        var response: Response
        let retryAfter: Int?
        switch family {
        case .openAI:
            let body = e.openAI
            response = .json(body.json, status: body.status)
            retryAfter = body.retryAfter
        case .anthropic:
            let body = e.anthropic
            response = .json(body.json(requestID: requestID), status: body.status)
            retryAfter = body.retryAfter
        }
        if let retry = retryAfter { response.headers[HeaderNames.retryAfter] = String(retry) }
        for (name, value) in e.headers(for: family) {
            if let n = HTTPField.Name(name) { response.headers[n] = value }
        }
        return response
    }
}
