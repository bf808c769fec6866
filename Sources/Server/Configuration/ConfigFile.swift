import Foundation
public import Inference
public import InferenceTypes
public import Upstream
import Yams

/// A `swiftlet serve` configuration file, JSON or YAML (by extension: `.yaml` / `.yml`, else JSON), read once and
/// checked: every key must be a ``Setting`` or one of ``Setting/maps``, so a misspelt key is an error that names it
/// instead of a setting silently left at its default. The scalar values are then read through swift-configuration
/// (``ConfigSources``) so the file takes its place in one precedence order; the name-keyed maps (`aliases`, `prices`)
/// come from here.
public struct ConfigFile: Sendable {
    /// The file's path, as given.
    public let path: String
    /// YAML rather than JSON.
    public let isYAML: Bool
    /// The parsed document.
    let root: JSONFields

    /// Reads and checks the file.
    public init(path: String) throws(ServerConfiguration.Error) {
        self.path = path
        let lower = path.lowercased()
        isYAML = lower.hasSuffix(".yaml") || lower.hasSuffix(".yml")
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .init(description: "cannot read config file \(path)")
        }
        let document: JSONValue
        do {
            if isYAML {
                guard let text = String(data: data, encoding: .utf8) else { throw ConfigFileError("not UTF-8 text") }
                document = try Self.json(fromYAML: try Yams.load(yaml: text), path: "")
            } else {
                document = try JSONValue.parse([UInt8](data))
            }
            guard case .object = document else { throw ConfigFileError("the document must be an object of settings") }
            root = try JSONFields(document)
            try Self.checkKeys(root, prefix: [])
        } catch {
            throw .init(description: "\(path): \(Self.describe(error))")
        }
    }

    /// Model aliases from `aliases` (a name to a model, or to `{"model": …, "alwaysReasons": …}`), applied over `base`.
    public func aliases(over base: [ModelAlias]) throws(ServerConfiguration.Error) -> [ModelAlias] {
        var aliases = base
        do {
            guard let a = try root.object("aliases") else { return aliases }
            for (name, value) in a.members {
                if case .string(let target) = value {
                    aliases.set(name, to: target)
                } else if let spec = try a.object(name) {
                    aliases.set(name, to: try spec.string("model"), alwaysReasons: try spec.bool("alwaysReasons") ?? false)
                }
            }
        } catch {
            throw .init(description: "\(path): \(Self.describe(error))")
        }
        return aliases
    }

    /// Prices per million tokens from `prices` (`{"model": {"input": …, "cachedInput": …, "output": …}}`).
    public func prices() throws(ServerConfiguration.Error) -> [String: TokenPricing] {
        var prices: [String: TokenPricing] = [:]
        do {
            guard let p = try root.object("prices") else { return prices }
            for (name, _) in p.members {
                guard let spec = try p.object(name) else { continue }
                let input = try spec.double("input", in: 0...1_000_000) ?? 0
                prices[name] = TokenPricing(inputPerMillion: input,
                    cachedInputPerMillion: try spec.double("cachedInput", in: 0...1_000_000) ?? input,
                    outputPerMillion: try spec.double("output", in: 0...1_000_000) ?? 0)
            }
        } catch {
            throw .init(description: "\(path): \(Self.describe(error))")
        }
        return prices
    }

    /// Upstream models from `upstreams`: `{"ID": {"url": URL or [URL, …], "key": "env:VAR", "api": "anthropic",
    /// "model": "remote-name", "first-byte-timeout": 60, "price": "0.2,0.6", …}}`, each member one of
    /// `UpstreamConfiguration.settingNames` (the same settings as `--upstream-option`), applied to `base`.
    public func upstreams(over base: UpstreamConfiguration, environment: [String: String])
        throws(ServerConfiguration.Error) -> UpstreamConfiguration
    {
        var upstreams = base
        do {
            guard let u = try root.object("upstreams") else { return upstreams }
            for (id, value) in u.members {
                guard let spec = value.objectValue else {
                    throw ConfigFileError("upstreams.\(id): expected an object of settings (url, key, api, …)")
                }
                for (name, setting) in spec {
                    let values: [JSONValue] = setting.arrayValue ?? [setting]
                    for v in values {
                        let text: String
                        switch v {
                        case .string(let t): text = t
                        case .int(let n): text = String(n)
                        case .double(let d): text = String(d)
                        default: throw ConfigFileError("upstreams.\(id).\(name): expected a string or a number")
                        }
                        try upstreams.set(id, name, text, environment: environment)
                    }
                }
            }
        } catch let e as UpstreamConfiguration.Error {
            throw .init(description: "\(path): \(e.description)")
        } catch {
            throw .init(description: "\(path): \(Self.describe(error))")
        }
        return upstreams
    }

    /// Every key must be a known setting, a map, or an object on the way to one (`sampling`).
    private static func checkKeys(_ object: JSONFields, prefix: [String]) throws {
        for (key, value) in object.members {
            let path = prefix + [key]
            if prefix.isEmpty, Setting.maps.contains(key) {
                if !value.isNull, value.objectValue == nil {
                    throw JSONFieldError.wrongType(key, expected: "object", got: value)
                }
                continue
            }
            if Setting.all.contains(where: { $0.path == path }) { continue }
            if Setting.all.contains(where: { $0.path.count > path.count && Array($0.path.prefix(path.count)) == path }) {
                guard let nested = try object.object(key) else { continue }
                try checkKeys(nested, prefix: path)
                continue
            }
            throw ConfigFileError("unknown key `\(path.joined(separator: "."))`\(suggestion(for: path))")
        }
    }

    /// " (did you mean `…`?)" for a key one or two edits away from a known one.
    private static func suggestion(for path: [String]) -> String {
        let name = path.joined(separator: ".").lowercased()
        let known = Setting.all.map(\.name) + Setting.maps.sorted()
        guard let best = known.min(by: { editDistance($0.lowercased(), name) < editDistance($1.lowercased(), name) }),
            editDistance(best.lowercased(), name) <= 2
        else { return "" }
        return " (did you mean `\(best)`?)"
    }

    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let current = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = current
            }
        }
        return row[b.count]
    }

    /// A YAML document (as Yams loads it) as a JSON value; YAML-only shapes (non-string keys, sets, dates) are errors.
    private static func json(fromYAML value: Any?, path: String) throws -> JSONValue {
        switch value {
        case nil: return .null
        case let v as Bool: return .bool(v)
        case let v as Int: return .int(Int64(v))
        case let v as Double: return .double(v)
        case let v as String: return .string(v)
        case let v as [Any]:
            return .array(try v.enumerated().map { try json(fromYAML: $0.element, path: "\(path)[\($0.offset)]") })
        case let v as [AnyHashable: Any]:
            var members: [(String, JSONValue)] = []
            for (key, element) in v {
                guard let name = key.base as? String else {
                    throw ConfigFileError("\(path.isEmpty ? "the document" : path): keys must be strings, got \(key.base)")
                }
                members.append((name, try json(fromYAML: element, path: path.isEmpty ? name : "\(path).\(name)")))
            }
            return .makeObject(members.sorted { $0.0 < $1.0 })
        default:
            let what = value.map { "\(type(of: $0))" } ?? "null"
            throw ConfigFileError("\(path.isEmpty ? "the document" : path): a YAML value JSON cannot hold (\(what))")
        }
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case let e as JSONParseError: e.description
        case let e as JSONFieldError: e.description
        case let e as ConfigFileError: e.message
        case let e as YamlError: "YAML: \(e)"
        default: "\(error)"
        }
    }
}

/// What is wrong with a configuration file's content.
struct ConfigFileError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
