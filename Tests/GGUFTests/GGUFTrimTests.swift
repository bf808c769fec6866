import GGUF
import Testing
import TestSupport

/// A loaded model keeps its file without the long metadata arrays its tokenizer has copied.
@Suite struct GGUFTrimTests {
    @Test func droppingLargeArraysKeepsEverythingElse() throws {
        var w = GGUFWriter()
        w.set("general.architecture", .string("llama"))
        w.set("llama.context_length", .uint32(2048))
        w.set("llama.feed_forward_length", .array(.uint32, (0..<4).map { .uint32(UInt32(100 + $0)) }))
        w.set("tokenizer.ggml.tokens", .array(.string, (0..<5000).map { .string("t\($0)") }))
        w.set("tokenizer.ggml.scores", .array(.float32, (0..<5000).map { .float32(Float($0)) }))
        w.addTensor("a", shape: [4], floats: [1, 2, 3, 4])
        w.addTensor("b", shape: [2], floats: [5, 6])
        let file = try GGUFFile(bytes: w.encoded())
        let trimmed = file.droppingLargeArrays(maxCount: 4096)

        #expect(file.droppedMetadataKeys.isEmpty)
        #expect(trimmed.droppedMetadataKeys == ["tokenizer.ggml.tokens", "tokenizer.ggml.scores"])
        #expect(trimmed.metadata.keys == ["general.architecture", "llama.context_length", "llama.feed_forward_length"])
        #expect(trimmed.metadata.stringArray("tokenizer.ggml.tokens") == nil)
        #expect(trimmed.metadata.intArray("llama.feed_forward_length") == [100, 101, 102, 103])
        #expect(trimmed.architecture == "llama" && trimmed.metadata.int("llama.context_length") == 2048)
        #expect(file.metadata.stringArray("tokenizer.ggml.tokens")?.count == 5000, "the original is unchanged")

        #expect(trimmed.tensors.map(\.name) == ["a", "b"] && trimmed.fileSize == file.fileSize)
        let b = try #require(trimmed.tensor(named: "b"))
        let bytes = trimmed.data(for: b)
        #expect(Array(bytes.bindMemory(to: Float.self)) == [5, 6])
        #expect(bytes.baseAddress == file.data(for: b).baseAddress, "same mapping, nothing copied")
        // Trimming twice accumulates nothing new and keeps the earlier list.
        #expect(trimmed.droppingLargeArrays(maxCount: 2).droppedMetadataKeys
            == ["tokenizer.ggml.tokens", "tokenizer.ggml.scores", "llama.feed_forward_length"])
    }
}
