import InferenceTypes
import Testing

@Suite struct SHA256Tests {
    func hex(_ s: String) -> String {
        var h = SHA256()
        h.update(Array(s.utf8))
        return h.hexDigest()
    }

    /// FIPS 180-4 example vectors.
    @Test func knownVectors() {
        #expect(hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    /// Feeding the same bytes in pieces of every size gives the same digest as one update.
    @Test func chunkingDoesNotMatter() {
        let data = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        var whole = SHA256()
        whole.update(data)
        for chunk in [1, 3, 63, 64, 65, 127, 500] {
            var h = SHA256()
            var i = 0
            while i < data.count {
                h.update(data[i..<min(i + chunk, data.count)])
                i += chunk
            }
            #expect(h.hexDigest() == whole.hexDigest(), "chunk \(chunk)")
        }
        var million = SHA256()
        let a = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        million.update(a)
        #expect(million.hexDigest() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// RFC 4231 test cases 2 and 6 (a key shorter than a block, and one longer than a block).
    @Test func hmacKnownVectors() {
        func mac(_ message: String, _ key: [UInt8]) -> String {
            HMACSHA256.authenticationCode(for: Array(message.utf8), key: key).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
        }
        #expect(mac("Hi There", [UInt8](repeating: 0x0b, count: 20)) == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        #expect(mac("what do ya want for nothing?", Array("Jefe".utf8)) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(mac("Test Using Larger Than Block-Size Key - Hash Key First", [UInt8](repeating: 0xaa, count: 131))
            == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
        #expect(HMACSHA256.constantTimeEqual([1, 2], [1, 2]))
        #expect(!HMACSHA256.constantTimeEqual([1, 2], [1, 3]))
        #expect(!HMACSHA256.constantTimeEqual([1, 2], [1]))
    }
}
