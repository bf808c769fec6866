import Foundation
import Sampling

/// Clocks and repeat loops shared by the benchmarks.
enum Timing {
    /// CPU time of the calling thread, in seconds (robust to other processes sharing the cores).
    static func threadCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// Monotonic wall time, in seconds.
    static func wallSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// Runs `body` once to warm up, then repeatedly for about `budget` seconds of wall time; returns (wall, cpu)
    /// seconds per run.
    static func time(budget: Double, _ body: () -> Void) -> (wall: Double, cpu: Double) {
        body()
        var runs = 0
        let wall0 = wallSeconds(), cpu0 = threadCPUSeconds()
        repeat {
            body()
            runs += 1
        } while wallSeconds() - wall0 < budget && runs < 100_000
        return ((wallSeconds() - wall0) / Double(runs), (threadCPUSeconds() - cpu0) / Double(runs))
    }

    /// The median wall time of `body` over `runs` runs (each timed alone), in µs.
    static func median(runs: Int, _ body: () throws -> Void) rethrows -> Double {
        let clock = ContinuousClock()
        var times: [Double] = []
        times.reserveCapacity(runs)
        for _ in 0..<runs {
            times.append(microseconds(try clock.measure(body)))
        }
        times.sort()
        return times[times.count / 2]
    }

    /// `d` in µs.
    static func microseconds(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1e6 + Double(d.components.attoseconds) / 1e12
    }

    /// `d` in seconds.
    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}

/// `text` padded with spaces to `width` characters (`String(format:)`'s `%-N@` does not pad on Linux).
func padded(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}

/// Deterministic pseudo-random inputs (Sampling's SplitMix64), so every run measures the same data.
struct BenchRandom {
    private var generator: Sampling.SplitMix64

    init(seed: UInt64) { generator = Sampling.SplitMix64(state: seed) }

    /// The next 64 random bits.
    mutating func next() -> UInt64 { generator.next() }

    /// `count` roughly normal values (a sum of four uniforms, centred) times `spread`: logit-like for the sampler.
    mutating func values(_ count: Int, spread: Float = 1) -> [Float] {
        (0..<count).map { _ in
            var s: Float = 0
            for _ in 0..<4 { s += Float(next() >> 40) / Float(1 << 24) }
            return (s - 2) * spread * 1.7
        }
    }
}
