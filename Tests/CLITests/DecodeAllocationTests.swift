import Foundation
import InferenceTypes
import Testing
import TestSupport

/// Zero heap allocations per decode step, counted by `swiftlet bench --count-allocs` (the binary re-runs itself with
/// libSwiftletAllocCounter.so preloaded, so every thread's malloc/calloc/realloc/posix_memalign/… is counted).
///
/// Asserted in release builds only: a debug build keeps temporaries on the heap that the optimiser removes.
@Suite struct DecodeAllocationTests {
    private func count(_ extra: [String]) throws -> [JSONValue] {
        let r = try CLIRunner.run(["bench", "--count-allocs", "-m", "smollm2-135m-instruct", "-p", "0", "-n", "16",
            "--threads", "2", "--json"] + extra)
        #expect(r.status == 0, "\(r.stderr)")
        return try #require(try JSONValue.parse(r.stdout).arrayValue)
    }

    private func allocations(_ probes: [JSONValue], path: String, sampler: String) throws -> Int64 {
        let probe = try #require(probes.first { $0["path"]?.stringValue == path && $0["sampler"]?.stringValue == sampler })
        #expect(probe["steps"] == .int(16))
        guard case .int(let n) = probe["allocs"] else { throw CountError.missing(path, sampler) }
        return n
    }

    private enum CountError: Error { case missing(String, String) }

    // Depth 300: a lone row's attention span is long enough to be cut into chunks (SplitAttention.swift), each a
    // work item of its own.
    @Test(arguments: [[], ["--sequences", "4", "-d", "32"], ["-d", "300"]])
    func decodeStepsDoNotAllocate(_ extra: [String]) throws {
        let probes = try count(extra)
        #expect(probes.count == 4)
        let forward = try allocations(probes, path: "forward", sampler: "none")
        let greedy = try allocations(probes, path: "engine", sampler: "greedy")
        let temperature = try allocations(probes, path: "engine", sampler: "temperature")
        let logprobs = try allocations(probes, path: "engine", sampler: "logprobs")
        print("decode allocations over 16 steps \(extra): forward \(forward), greedy \(greedy), "
            + "temperature/top-p \(temperature), logprobs \(logprobs)")
        #if !DEBUG
        // The engine's own part of a step (planning, batch assembly, sampling, detokenizing, stop checks, event)
        // adds nothing to what the forward pass allocates.
        #expect(greedy - forward == 0)
        // Tokenizers' StreamingDetokenizer reserves its pending-bytes buffer for the longest piece at init, so a
        // longer piece than before never grows it mid-stream.
        #expect(temperature - forward == 0)
        // The forward pass itself (Transformer + Kernels): matmuls and attention hand the pool a stack job struct
        // (WorkerPool.parallelFor with a ParallelJob), so nothing is boxed per call (452 allocations per SmolLM2
        // step before).
        #expect(forward == 0)
        #endif
    }

    @Test func countingIsRealNotAlwaysZero() throws {
        // The log-probability alternatives travel in a new array per token event, so that probe must count at least
        // one allocation per step and sequence: proof that the counter is live in the child process.
        let probes = try count([])
        let logprobs = try allocations(probes, path: "engine", sampler: "logprobs")
        #expect(logprobs >= 16)
    }
}
