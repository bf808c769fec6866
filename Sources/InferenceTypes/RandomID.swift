/// The alphabet and generator of every random or derived identifier Swiftlet hands out (response, message, request
/// and tool-call ids): letters and digits only, so an id is safe in a URL, a header and a file name.
public enum RandomID {
    /// `a–z`, `A–Z`, `0–9` as ASCII bytes.
    public static let alphabet: [UInt8] = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8)

    /// `prefix` followed by `length` random characters of the alphabet (from the system's secure generator).
    public static func make(_ prefix: String, length: Int = 24) -> String {
        var rng = SystemRandomNumberGenerator()
        var out: [UInt8] = []
        out.reserveCapacity(length)
        for _ in 0..<length { out.append(alphabet[Int(rng.next(upperBound: UInt64(alphabet.count)))]) }
        return prefix + String(decoding: out, as: UTF8.self)
    }

    /// `prefix` followed by one alphabet character per byte of `bytes` (a derived, reproducible id). The mapping is a
    /// plain modulo, so each character carries a little under 6 bits of the byte.
    public static func derived(_ prefix: String, from bytes: some Sequence<UInt8>) -> String {
        prefix + String(decoding: bytes.map { alphabet[Int($0) % alphabet.count] }, as: UTF8.self)
    }
}
