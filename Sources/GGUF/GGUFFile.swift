/// A GGUF model file, memory-mapped and validated: its metadata, tensor index and tensor data.
///
/// Opening a file reads only the header, metadata and index; tensor data stays in the page cache until used.
/// - Important: immutable after `init`; safe to share across threads. Pointers from `data(for:)` are valid while
///   this object is alive.
public final class GGUFFile: Sendable {
    /// Where the file was read from (or a name for in-memory data).
    public let path: String
    /// Format version (2 or 3).
    public let version: UInt32
    public let metadata: GGUFMetadata
    /// The tensor index, in file order.
    public let tensors: [GGUFTensorInfo]
    /// `general.alignment` (32 when absent).
    public let alignment: Int
    /// Byte offset where the tensor data section starts (after alignment padding).
    public let dataOffset: Int
    /// Size of the file in bytes.
    public let fileSize: Int
    /// Metadata keys left out by ``droppingLargeArrays(maxCount:)`` (empty for a file as parsed).
    public let droppedMetadataKeys: [String]

    private let storage: MappedFile
    private let index: [String: Int]

    /// Maps and parses the file at `path`.
    public convenience init(path: String) throws(GGUFError) {
        try self.init(storage: try MappedFile(path: path), path: path)
    }

    /// Parses GGUF bytes held in memory (they are copied); `name` is used in error messages.
    public convenience init(bytes: [UInt8], name: String = "<memory>") throws(GGUFError) {
        try self.init(storage: MappedFile(copying: bytes), path: name)
    }

    private init(storage: MappedFile, path: String) throws(GGUFError) {
        let r = try GGUFParser.parse(storage.bytes, path: path)
        self.storage = storage
        self.path = path
        self.version = r.version
        self.metadata = r.metadata
        self.tensors = r.tensors
        self.alignment = r.alignment
        self.dataOffset = r.dataOffset
        self.fileSize = storage.count
        self.droppedMetadataKeys = []
        var index: [String: Int] = [:]
        for (i, t) in r.tensors.enumerated() { index[t.name] = i }
        self.index = index
    }

    /// The index entry of the tensor called `name`.
    public func tensor(named name: String) -> GGUFTensorInfo? {
        index[name].map { tensors[$0] }
    }

    /// The raw bytes of a tensor (validated to lie inside the file when the file was opened).
    public func data(for tensor: GGUFTensorInfo) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: storage.base + dataOffset + tensor.offset, count: tensor.byteCount)
    }

    /// The same file (same mapping and tensor index) without the metadata arrays of more than `maxCount` elements —
    /// the vocabulary, scores, token types and merges, which a tokenizer has copied into its own tables — so that a
    /// loaded model does not keep a second copy of them (Gemma 3's 262k-token vocabulary: about 7 MB of heap).
    /// The keys that were dropped are listed in ``droppedMetadataKeys``.
    public func droppingLargeArrays(maxCount: Int = 4096) -> GGUFFile {
        var kept = GGUFMetadata()
        var dropped = droppedMetadataKeys
        for key in metadata.keys {
            guard let value = metadata[key] else { continue }
            if let array = value.arrayValue, array.count > maxCount {
                dropped.append(key)
            } else {
                kept.set(key, value)
            }
        }
        return GGUFFile(trimmedFrom: self, metadata: kept, dropped: dropped)
    }

    private init(trimmedFrom file: GGUFFile, metadata: GGUFMetadata, dropped: [String]) {
        storage = file.storage
        path = file.path
        version = file.version
        self.metadata = metadata
        tensors = file.tensors
        alignment = file.alignment
        dataOffset = file.dataOffset
        fileSize = file.fileSize
        index = file.index
        droppedMetadataKeys = dropped
    }

    /// `general.architecture`, e.g. `llama`, `qwen2`, `qwen3`, `gemma3`.
    public var architecture: String? { metadata.string("general.architecture") }
}
