/// Values every server instance on one database must agree on, such as the secret that signs Anthropic thinking
/// blocks (a block one instance signed is sent back to whichever instance the load balancer picks next).
///
/// - Important: implementations are safe to call from any task and process concurrently: the first value stored under
///   a name wins, and every caller gets that one.
public protocol SharedSettings: Sendable {
    /// The value stored under `name`; when there is none yet, `proposal` is stored and returned.
    func sharedValue(_ name: String, proposing proposal: String) async throws(StoreError) -> String
}
