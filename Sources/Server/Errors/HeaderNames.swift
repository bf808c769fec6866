import HTTPTypes

/// Header names Swiftlet reads or writes that HTTPTypes does not predefine.
enum HeaderNames {
    // The literals are valid header tokens, so the initialiser cannot fail.
    static let requestID = HTTPField.Name("x-request-id")!
    static let anthropicRequestID = HTTPField.Name("request-id")!
    static let apiKey = HTTPField.Name("x-api-key")!
    static let anthropicVersion = HTTPField.Name("anthropic-version")!
    static let retryAfter = HTTPField.Name("retry-after")!
    static let allow = HTTPField.Name("allow")!
    static let cacheControl = HTTPField.Name("cache-control")!
    static let xAccelBuffering = HTTPField.Name("x-accel-buffering")!
    static let contentSecurityPolicy = HTTPField.Name("content-security-policy")!
    static let contentTypeOptions = HTTPField.Name("x-content-type-options")!
    static let referrerPolicy = HTTPField.Name("referrer-policy")!
    static let frameOptions = HTTPField.Name("x-frame-options")!
    static let forwardedProto = HTTPField.Name("x-forwarded-proto")!
    /// `Host` as a plain field (HTTP/1 requests carry it as `authority`; in-process test requests as this field).
    static let host = HTTPField.Name("host")!
}
