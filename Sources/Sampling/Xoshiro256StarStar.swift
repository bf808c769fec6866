/// The sampler's random generator: xoshiro256** (Blackman and Vigna), seeded through SplitMix64.
///
/// Small (32 bytes of state), fast, and fully specified by integer arithmetic, so the same seed gives the same
/// stream on every machine and every run. It is not a cryptographic generator.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable, Hashable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// A generator whose four state words are the first four outputs of SplitMix64 started at `seed`.
    /// (SplitMix64 never yields an all-zero state from four consecutive outputs.)
    public init(seed: UInt64) {
        var mixer = SplitMix64(state: seed)
        s0 = mixer.next()
        s1 = mixer.next()
        s2 = mixer.next()
        s3 = mixer.next()
    }

    /// A generator with exactly these state words (for reference vectors). An all-zero state would only ever
    /// yield zeros, so it is replaced by the state of `init(seed: 0)`.
    public init(state: (UInt64, UInt64, UInt64, UInt64)) {
        var words = state
        if words == (0, 0, 0, 0) {
            var mixer = SplitMix64(state: 0)
            words = (mixer.next(), mixer.next(), mixer.next(), mixer.next())
        }
        s0 = words.0
        s1 = words.1
        s2 = words.2
        s3 = words.3
    }

    /// The next 64 random bits.
    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = (s1 &* 5).rotatedLeft(by: 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3.rotatedLeft(by: 45)
        return result
    }

    /// A uniform `Double` in [0, 1): the top 53 bits of `next()` scaled by 2⁻⁵³.
    @inline(__always)
    public mutating func nextUnitDouble() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }
}

/// SplitMix64 (Steele, Lea and Flood): turns one 64-bit seed into a well-mixed stream; used only for seeding.
public struct SplitMix64: RandomNumberGenerator, Sendable, Hashable {
    /// The current state; each call adds the golden-ratio increment.
    public var state: UInt64

    /// A generator starting at `state`.
    public init(state: UInt64) { self.state = state }

    /// The next 64 bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension UInt64 {
    @inline(__always)
    fileprivate func rotatedLeft(by k: UInt64) -> UInt64 { (self << k) | (self >> (64 &- k)) }
}
