import Testing
import Sampling

@Suite struct RandomGeneratorTests {
    @Test func xoshiroMatchesTheReferenceVector() {
        // Blackman & Vigna's xoshiro256starstar.c from the state {1, 2, 3, 4} (as used by rand_xoshiro's tests).
        var g = Xoshiro256StarStar(state: (1, 2, 3, 4))
        let expected: [UInt64] = [
            11520, 0, 1_509_978_240, 1_215_971_899_390_074_240, 1_216_172_134_540_287_360,
            607_988_272_756_665_600, 16_172_922_978_634_559_625, 8_476_171_486_693_032_832,
            10_595_114_339_597_558_777, 2_904_607_092_377_533_576,
        ]
        #expect((0..<10).map { _ in g.next() } == expected)
    }

    @Test func splitMixMatchesTheReferenceVector() {
        // Vigna's splitmix64.c from seeds 0 and 1234567.
        var zero = SplitMix64(state: 0)
        #expect([zero.next(), zero.next(), zero.next()] == [0xE220_A839_7B1D_CDAF, 0x6E78_9E6A_A1B9_65F4, 0x06C4_5D18_8009_454F])
        var g = SplitMix64(state: 1_234_567)
        let expected: [UInt64] = [
            6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
            4_593_380_528_125_082_431, 16_408_922_859_458_223_821,
        ]
        #expect((0..<5).map { _ in g.next() } == expected)
    }

    @Test func seedingGoesThroughSplitMix() {
        var mixer = SplitMix64(state: 42)
        var a = Xoshiro256StarStar(seed: 42)
        var b = Xoshiro256StarStar(state: (mixer.next(), mixer.next(), mixer.next(), mixer.next()))
        #expect((0..<8).map { _ in a.next() } == (0..<8).map { _ in b.next() })
    }

    @Test func unitDoublesAreInRangeAndUseTheTop53Bits() {
        var g = Xoshiro256StarStar(seed: 7)
        var h = Xoshiro256StarStar(seed: 7)
        var sum = 0.0
        for _ in 0..<10_000 {
            let u = g.nextUnitDouble()
            #expect(u >= 0 && u < 1)
            #expect(u == Double(h.next() >> 11) / 9_007_199_254_740_992)
            sum += u
        }
        #expect(abs(sum / 10_000 - 0.5) < 0.02)
    }

    @Test func differentSeedsGiveDifferentStreams() {
        var a = Xoshiro256StarStar(seed: 1)
        var b = Xoshiro256StarStar(seed: 2)
        #expect((0..<4).map { _ in a.next() } != (0..<4).map { _ in b.next() })
    }
}
