import Synchronization

/// A mutex around one ``ConfigurationSpace``, shared by a matcher and its copies.
///
/// The space is a pure memo of the grammar (what it holds never changes a result), so sharing it between copies
/// of a matcher is safe and saves work; the lock serialises the rare concurrent use.
///
/// - Important: each public matcher call takes the lock once for its whole duration; never call back into a
///   matcher from inside `withSpace`.
final class ConfigurationCache: Sendable {
    private let space: Mutex<ConfigurationSpace>
    /// The configuration before any byte.
    let initial: Int32

    init(grammar: CompiledGrammar) {
        let s = ConfigurationSpace(grammar: grammar)
        initial = s.initial
        space = Mutex(s)
    }

    /// Runs `body` with exclusive access to the space.
    func withSpace<R: Sendable>(_ body: (inout ConfigurationSpace) -> R) -> R {
        space.withLock { body(&$0) }
    }
}
