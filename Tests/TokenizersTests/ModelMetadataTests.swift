import Testing
import Tokenizers

/// Special tokens and flags of the catalog models as llama.cpp derives them.
@Suite struct ModelMetadataTests {
    @Test func smolLM2() throws {
        let t = try ModelTokenizers.smolLM2.get()
        #expect(t.vocabularySize == 49_152)
        #expect(t.bosToken == 1 && t.eosToken == 2)
        #expect(!t.addBOS && !t.addEOS)
        // eos 2 <|im_end|>, 0 <|endoftext|>, and 4 <reponame>, which llama.cpp takes for the FIM repo token.
        #expect(t.endOfGenerationTokens == [0, 2, 4])
        #expect(t.tokenType(1) == .control && t.tokenType(100) == .normal)
        #expect(t.piece(1) == "<|im_start|>" && t.tokenID(forPiece: "<|im_end|>") == 2)
        #expect(t.encode("Hello", addSpecial: true) == [19556])
        #expect(t.tokenBytes(216) == [0x20] && t.piece(216) == "Ġ")
    }

    @Test func gemma3() throws {
        let t = try ModelTokenizers.gemma3.get()
        #expect(t.vocabularySize == 262_144)
        #expect(t.bosToken == 2 && t.eosToken == 1)
        #expect(t.addBOS && !t.addEOS)
        // <eos> 1, <end_of_turn> 106, and </s> 212 (user-defined in the file; llama.cpp lists "</s>" as an end marker
        // and so also treats it as control).
        #expect(t.endOfGenerationTokens == [1, 106, 212])
        #expect(t.tokenType(212) == .control)
        #expect(t.encode("Hello") == [2, 9259])
        #expect(t.encode("<start_of_turn>user\n", addSpecial: false, parseSpecial: true).first == 105)
        #expect(t.encode("<start_of_turn>", addSpecial: false, parseSpecial: false).first != 105)
        #expect(t.tokenType(105) == .control && t.tokenType(107) == .userDefined && t.tokenType(238) == .byte)
        #expect(t.tokenType(6) == .control)  // <unused0>: control (llama.cpp also marks it unused)
        #expect(t.tokenBytes(236743) == [0x20] && t.piece(236743) == "▁")
        #expect(t.tokenBytes(Int32(238 + 65)) == [0x41])
    }
}
