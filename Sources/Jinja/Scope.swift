/// A frame of variables. Scopes chain to their parent; lookups walk outwards.
///
/// jinja2's rules, which this reproduces: the template's top level is one scope; each `for` iteration, each macro
/// call and each `with` block gets a child scope, so `set` inside them never leaks out (use `namespace()` for
/// that). `if` blocks do not create scopes. A macro's scope chains to where it was defined, not where it is
/// called.
///
/// - Important: scopes are mutable reference objects owned by one render; never share them across renders.
final class Scope {
    private var variables: [String: Value] = [:]
    let parent: Scope?

    init(parent: Scope?) {
        self.parent = parent
    }

    init(variables: [String: Value]) {
        self.variables = variables
        self.parent = nil
    }

    func lookup(_ name: String) -> Value? {
        var scope: Scope? = self
        while let current = scope {
            if let value = current.variables[name] { return value }
            scope = current.parent
        }
        return nil
    }

    func set(_ name: String, _ value: Value) {
        variables[name] = value
    }
}
