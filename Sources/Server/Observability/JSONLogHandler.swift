import Foundation
import InferenceTypes
public import Logging

/// A swift-log handler that writes one JSON object per line to standard error: `ts` (RFC 3339 with milliseconds),
/// `level`, `label`, `message`, then the metadata fields. Log shippers (Loki, Vector, CloudWatch) read it as is.
///
/// swift-log ships only a plain-text stream handler, and the JSON formatting we need is a few lines over Swiftlet's
/// own order-keeping `JSONValue`, so no extra package is pulled in for it.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level = .info
    private let label: String

    /// A handler for `label` (`LoggingSystem.bootstrap(JSONLogHandler.init)`).
    public init(label: String) {
        self.label = label
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [(String, JSONValue)] = [
            ("ts", .string(Self.timestamp())), ("level", .string(event.level.rawValue)), ("label", .string(label)),
            ("message", .string(event.message.description)),
        ]
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        for key in merged.keys.sorted() {
            guard let value = merged[key], !["ts", "level", "label", "message"].contains(key) else { continue }
            fields.append((key, Self.json(value)))
        }
        let line = JSONValue.makeObject(fields).serialized() + "\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    private static func json(_ value: Logger.Metadata.Value) -> JSONValue {
        switch value {
        case .string(let s): return .string(s)
        case .stringConvertible(let c):
            if let i = c as? Int { return .int(Int64(i)) }
            if let i = c as? Int64 { return .int(i) }
            if let d = c as? Double, d.isFinite { return .double(d) }
            return .string(c.description)
        case .array(let a): return .array(a.map(json))
        case .dictionary(let d): return .makeObject(d.keys.sorted().compactMap { k in d[k].map { (k, json($0)) } })
        }
    }

    private static func timestamp() -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return f.string(from: Date())
    }
}
