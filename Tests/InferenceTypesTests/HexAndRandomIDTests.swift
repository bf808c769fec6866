import InferenceTypes
import Testing

@Suite struct HexAndRandomIDTests {
    @Test func hexRoundTrip() {
        let bytes: [UInt8] = [0, 1, 0x0f, 0x10, 0x7f, 0x80, 0xfe, 0xff]
        #expect(Hex.encode(bytes) == "00010f107f80feff")
        #expect(Hex.decode("00010f107f80feff") == bytes)
        #expect(Hex.decode("00010F107F80FEFF") == bytes)
        #expect(Hex.encode([]) == "")
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
    }

    @Test func randomIDs() {
        let ids = (0..<200).map { _ in RandomID.make("call_") }
        #expect(Set(ids).count == ids.count)
        for id in ids {
            #expect(id.hasPrefix("call_"))
            #expect(id.utf8.count == 5 + 24)
            #expect(id.utf8.dropFirst(5).allSatisfy { RandomID.alphabet.contains($0) })
        }
        #expect(RandomID.derived("x", from: [0, 61, 62, 255]) == "xa9ah")
    }
}
