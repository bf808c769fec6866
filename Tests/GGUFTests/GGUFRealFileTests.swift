import GGUF
import Testing
import TestSupport

/// Reads the two catalog models and checks what they are known to contain (tensor types, shapes, metadata).
@Suite struct GGUFRealFileTests {
    @Test func smolLM2Header() throws {
        let f = try GGUFFile(path: try TestPaths.model(fileName: TestPaths.smolLM2))
        #expect(f.version == 3)
        #expect(f.architecture == "llama")
        #expect(f.dataOffset == 1_785_664)
        #expect(f.metadata.int("llama.block_count") == 30)
        #expect(f.metadata.int("llama.embedding_length") == 576)
        #expect(f.metadata.int("llama.attention.head_count_kv") == 3)
        #expect(f.metadata.double("llama.rope.freq_base") == 100_000)
        #expect(f.metadata.string("tokenizer.ggml.pre") == "smollm")
        #expect(f.metadata.stringArray("tokenizer.ggml.tokens")?.count == 49152)
        #expect(f.metadata.stringArray("tokenizer.ggml.merges")?.count == 48900)
        #expect(f.metadata.string("tokenizer.chat_template")?.contains("<|im_start|>") == true)
        #expect(f.tensor(named: "output.weight") == nil)
        let embd = try #require(f.tensor(named: "token_embd.weight"))
        #expect(embd.shape == [576, 49152])
        #expect(embd.type == .q8_0)
        let counts = Dictionary(grouping: f.tensors, by: \.type).mapValues(\.count)
        #expect(counts[.q4_1] == 210)
        #expect(counts[.f32] == 61)
        #expect(counts[.q8_0] == 1)
    }

    @Test func gemma3Header() throws {
        let f = try GGUFFile(path: try TestPaths.model(fileName: TestPaths.gemma3))
        #expect(f.architecture == "gemma3")
        // The index ends at 6,525,112; data starts at the next multiple of 32.
        #expect(f.dataOffset == 6_525_120)
        #expect(f.metadata.int("gemma3.attention.key_length") == 256)
        #expect(f.metadata.int("gemma3.attention.sliding_window") == 512)
        #expect(f.metadata.string("tokenizer.ggml.model") == "llama")
        #expect(f.metadata.floatArray("tokenizer.ggml.scores")?.count == 262_144)
        #expect(f.metadata.intArray("tokenizer.ggml.token_type")?.count == 262_144)
        #expect(f.metadata.bool("tokenizer.ggml.add_bos_token") == true)
        #expect(f.metadata.string("tokenizer.chat_template") == nil)
        #expect(f.tensor(named: "blk.0.attn_q.weight")?.type == .q5_0)
        #expect(f.tensor(named: "token_embd.weight")?.shape == [640, 262_144])
        // The last tensor's data ends exactly at the end of the file (no slack, nothing missing).
        let end = f.tensors.map { f.dataOffset + $0.offset + $0.byteCount }.max()
        #expect(end == f.fileSize)
    }

    @Test func tensorDataIsReadable() throws {
        let f = try GGUFFile(path: try TestPaths.model(fileName: TestPaths.smolLM2))
        let norm = try #require(f.tensor(named: "output_norm.weight"))
        let bytes = f.data(for: norm)
        #expect(bytes.count == 576 * 4)
        let first = bytes.loadUnaligned(as: Float.self)
        #expect(first.isFinite && first != 0)
    }
}
