import TestSupport
import Testing
import Tokenizers

/// Token ids must equal llama.cpp's on every case of the shared llama.cpp fixtures (found by TestPaths).
@Suite struct FixtureTests {
    @Test(arguments: [TestPaths.smolLM2, TestPaths.gemma3])
    func encodeMatchesLlamaCpp(modelFile: String) throws {
        let tokenizer = try ModelTokenizers.named(modelFile)
        let fixture = try TokenizerFixture.load(for: modelFile)
        var matched = 0
        for testCase in fixture.cases {
            let ids = tokenizer.encode(testCase.text, addSpecial: testCase.add_special,
                                       parseSpecial: testCase.parse_special)
            #expect(ids == testCase.ids, "\(modelFile) parse_special=\(testCase.parse_special): \(testCase.text.debugDescription)")
            if ids == testCase.ids { matched += 1 }
        }
        print("\(modelFile): \(matched)/\(fixture.cases.count) fixture cases match llama.cpp")
        #expect(matched == fixture.cases.count)
    }
}
