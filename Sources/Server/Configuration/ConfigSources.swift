public import Configuration
import Foundation
import InferenceTypes

/// A setting's value as a flag gives it.
public enum SettingValue: Sendable, Hashable {
    case string(String), int(Int), double(Double), bool(Bool), strings([String])

    var content: ConfigContent {
        switch self {
        case .string(let v): .string(v)
        case .int(let v): .int(v)
        case .double(let v): .double(v)
        case .bool(let v): .bool(v)
        case .strings(let v): .stringArray(v)
        }
    }
}

/// Where `swiftlet serve`'s settings come from, in one precedence order: flags, then the environment
/// (``Setting/environment``), then the config file, then the defaults in ``ServerConfiguration``.
///
/// The order is swift-configuration's: a `ConfigReader` over three providers, asked for each ``Setting`` by its file
/// key path. The environment provider is wrapped in a key mapping so it looks a setting up by its documented variable
/// name (`SWIFTLET_PORT`, `SWIFTLET_DATABASE_URL`, …).
public struct ConfigSources: Sendable {
    /// The flags given (only those set on the command line).
    public let flags: [Setting: SettingValue]
    /// The environment (the process's, or a test's).
    public let environment: [String: String]
    /// The checked config file, if one was named.
    public let file: ConfigFile?
    /// The reader over all three.
    public let reader: ConfigReader

    /// Builds the reader; reads and checks the file at `filePath`.
    public init(flags: [Setting: SettingValue] = [:], environment: [String: String], filePath: String?)
        async throws(ServerConfiguration.Error)
    {
        // An empty variable counts as unset (`SWIFTLET_PORT= swiftlet serve`).
        var environment = environment.filter { !$0.value.isEmpty }
        // `SWIFTLET_API_KEY` (one key) joins `SWIFTLET_API_KEYS` (a comma-separated list).
        if let one = environment["SWIFTLET_API_KEY"] {
            let list = environment[Setting.apiKeys.environment].map { "\($0),\(one)" } ?? one
            environment[Setting.apiKeys.environment] = list
        }
        self.flags = flags
        self.environment = environment
        let file = try filePath.map { path throws(ServerConfiguration.Error) in try ConfigFile(path: path) }
        self.file = file

        var values: [AbsoluteConfigKey: ConfigValue] = [:]
        for (setting, value) in flags { values[AbsoluteConfigKey(setting.path)] = ConfigValue(value.content, isSecret: setting.isSecret) }
        let secretNames = Set(Setting.all.filter(\.isSecret).map(\.environment))
        let byPath = Dictionary(uniqueKeysWithValues: Setting.all.map { ($0.path, $0.environment) })
        let environmentProvider = KeyMappingProvider(
            upstream: EnvironmentVariablesProvider(environmentVariables: environment, secretsSpecifier: .specific(secretNames))
        ) { key in
            AbsoluteConfigKey([byPath[key.components] ?? Setting.environmentName(key.components)])
        }
        var providers: [any ConfigProvider] = [InMemoryProvider(name: "flags", values: values), environmentProvider]
        if let file {
            let location = ConfigReader(provider: InMemoryProvider(name: "config-file-path",
                values: ["filePath": ConfigValue(.string(file.path), isSecret: false)]))
            do {
                if file.isYAML {
                    providers.append(try await FileProvider<YAMLSnapshot>(config: location))
                } else {
                    providers.append(try await FileProvider<JSONSnapshot>(config: location))
                }
            } catch {
                throw .init(description: "\(file.path): \(error)")
            }
        }
        reader = ConfigReader(providers: providers)
    }

    /// Which source a setting's effective value comes from: `flag`, `environment NAME`, `file PATH` or `default`.
    public func source(of setting: Setting) -> String {
        if flags[setting] != nil { return "flag" }
        if environment[setting.environment] != nil { return "environment \(setting.environment)" }
        if let file, file.has(setting) { return "file \(file.path)" }
        return "default"
    }
}

extension ConfigFile {
    /// The file sets `setting` (to something other than null).
    func has(_ setting: Setting) -> Bool {
        var object = root
        for component in setting.path.dropLast() {
            guard let next = try? object.object(component) else { return false }
            object = next
        }
        return setting.path.last.map { object.has($0) } ?? false
    }
}
