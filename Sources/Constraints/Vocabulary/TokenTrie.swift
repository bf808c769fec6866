/// A byte trie over token strings, laid out flat in depth-first order so a mask walk is one forward pass that
/// skips a whole subtree when its first byte is rejected.
struct TokenTrie: Sendable {
    /// One trie node (12 bytes). The root is implicit; node 0 is the first child of the root.
    struct Node: Sendable {
        /// The byte on the edge into this node.
        var byte: UInt8
        /// Depth of the node (1 = first byte of a token).
        var depth: UInt16
        /// Number of nodes in this subtree, itself included: `i + skip` is the next node that is not a
        /// descendant.
        var skip: UInt32
        /// The first token whose bytes end exactly here, or -1; more in `sameBytesNext`.
        var token: Int32
    }

    /// Nodes in depth-first order.  // [nodeCount]
    let nodes: [Node]
    /// Greatest node depth (longest token in bytes).
    let maxDepth: Int
    /// Per token id, the next token with the same bytes, or -1.  // [vocabulary size]
    let sameBytesNext: [Int32]

    /// Builds the trie of the given tokens (non-empty byte strings).
    init(tokens: [(id: Int32, bytes: [UInt8])], vocabularySize: Int) {
        let sorted = tokens.sorted { a, b in
            a.bytes.lexicographicallyPrecedes(b.bytes) || (a.bytes == b.bytes && a.id < b.id)
        }
        var nodes: [Node] = []
        nodes.reserveCapacity(sorted.count * 2)
        var next = [Int32](repeating: -1, count: vocabularySize)
        var path: [Int] = []  // node index per depth-1 of the current path
        var previous: [UInt8] = []
        var maxDepth = 0
        for (id, bytes) in sorted where !bytes.isEmpty {
            var common = 0
            while common < min(previous.count, bytes.count), previous[common] == bytes[common] { common += 1 }
            // Close nodes deeper than the common prefix.
            while path.count > common {
                let n = path.removeLast()
                nodes[n].skip = UInt32(nodes.count - n)
            }
            for d in common..<bytes.count {
                path.append(nodes.count)
                nodes.append(Node(byte: bytes[d], depth: UInt16(d + 1), skip: 1, token: -1))
            }
            let leaf = path[bytes.count - 1]
            if nodes[leaf].token < 0 {
                nodes[leaf].token = id
            } else {
                // Same bytes as an earlier token: chain it.
                var t = nodes[leaf].token
                while next[Int(t)] >= 0 { t = next[Int(t)] }
                next[Int(t)] = id
            }
            maxDepth = max(maxDepth, bytes.count)
            previous = bytes
        }
        while let n = path.popLast() { nodes[n].skip = UInt32(nodes.count - n) }
        self.nodes = nodes
        self.maxDepth = maxDepth
        self.sameBytesNext = next
    }
}
