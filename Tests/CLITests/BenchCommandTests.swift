import Foundation
import InferenceTypes
import Testing
import TestSupport

/// `swiftlet bench` as llama-bench users call it: JSON shape and field names, depth and sequences, errors.
/// Speeds are never asserted (shared, noisy machines): only that they are positive and consistent.
@Suite struct BenchCommandTests {
    /// SmolLM2-135M's shape (config.json): 30 layers, 3 KV heads of 64 → 192 key and 192 value values per position.
    static let smolLayers = 30, smolKVWidth = 192

    private func benchJSON(_ arguments: [String]) throws -> [JSONValue] {
        let r = try CLIRunner.run(["bench", "-m", "smollm2-135m-instruct", "--threads", "2", "--json"] + arguments)
        #expect(r.status == 0, "\(r.stderr)")
        return try #require(try JSONValue.parse(r.stdout).arrayValue)
    }

    private func int(_ v: JSONValue?) -> Int? {
        switch v {
        case .int(let i): Int(i)
        case .double(let d): Int(exactly: d)
        default: nil
        }
    }

    private func double(_ v: JSONValue?) -> Double? {
        switch v {
        case .int(let i): Double(i)
        case .double(let d): d
        default: nil
        }
    }

    /// `two_row_decode` says which decode kernels the AVX-512 variant ran (SWIFTLET_TWO_ROW_DECODE forces either) and
    /// is null for every other variant.
    @Test func jsonNamesTheAVX512DecodeChoice() throws {
        for (environment, expected) in [
            (["SWIFTLET_TWO_ROW_DECODE": "1"], true), (["SWIFTLET_TWO_ROW_DECODE": "0"], false),
            (["SWIFTLET_ISA": "avx2", "SWIFTLET_TWO_ROW_DECODE": "1"], nil),
        ] as [([String: String], Bool?)] {
            let r = try CLIRunner.run(["bench", "-m", "smollm2-135m-instruct", "--threads", "2", "--json", "-p", "0",
                "-n", "2", "-r", "1"], environment: environment)
            #expect(r.status == 0, "\(r.stderr)")
            let t = try #require(try JSONValue.parse(r.stdout).arrayValue?.first)
            if t["kernels"]?.stringValue == "avx512vnni" {
                #expect(t["two_row_decode"] == expected.map { .bool($0) }, "\(environment)")
            } else {
                #expect(t["two_row_decode"] == .null, "\(environment)")
            }
        }
    }

    @Test func jsonHasLlamaBenchFieldsPerTest() throws {
        let tests = try benchJSON(["-p", "16", "-n", "4", "-r", "2", "-b", "8"])
        try #require(tests.count == 2)
        let (pp, tg) = (tests[0], tests[1])
        #expect(int(pp["n_prompt"]) == 16 && int(pp["n_gen"]) == 0)
        #expect(int(tg["n_prompt"]) == 0 && int(tg["n_gen"]) == 4)
        for t in tests {
            for field in [
                "model_filename", "model_type", "model_size", "model_n_params", "n_prompt", "n_gen", "n_depth",
                "n_batch", "n_threads", "avg_ns", "stddev_ns", "avg_ts", "stddev_ts", "samples_ns", "samples_ts",
                "n_seqs", "load_ms", "peak_rss_bytes", "model_file_bytes", "kv_cache_bytes", "kernels",
                "two_row_decode",
            ] {
                #expect(t[field] != nil, "missing \(field)")
            }
            #expect(["portable", "avx2", "avxvnni", "avx512vnni"].contains(t["kernels"]?.stringValue ?? ""))
            #expect(int(t["n_depth"]) == 0 && int(t["n_batch"]) == 8 && int(t["n_threads"]) == 2)
            #expect(int(t["n_seqs"]) == 1)
            #expect(t["model_filename"]?.stringValue?.hasSuffix("SmolLM2-135M-Instruct.Q4_1.gguf") == true)
            // 134.52 M parameters is what llama-bench reports for this file.
            #expect(int(t["model_n_params"]) == 134_515_008)
            let ts = try #require(t["samples_ts"]?.arrayValue?.compactMap(double))
            let ns = try #require(t["samples_ns"]?.arrayValue?.compactMap(int))
            #expect(ts.count == 2 && ns.count == 2)
            #expect(ts.allSatisfy { $0 > 0 } && ns.allSatisfy { $0 > 0 })
            // avg_ts is the mean of the per-repetition rates, each tokens / seconds of that repetition.
            let tokens = Double(int(t["n_prompt"]) ?? 0) + Double(int(t["n_gen"]) ?? 0)
            for (rate, nanos) in zip(ts, ns) { #expect(abs(rate - tokens * 1e9 / Double(nanos)) <= rate * 1e-9) }
            let avg = try #require(double(t["avg_ts"]))
            #expect(abs(avg - ts.reduce(0, +) / 2) <= avg * 1e-9)
            #expect(int(t["avg_ns"]) == (ns[0] + ns[1] + 1) / 2 || int(t["avg_ns"]) == (ns[0] + ns[1]) / 2)
            // f16 keys and values for every layer at 16 positions (-p 16 is the longest test).
            #expect(int(t["kv_cache_bytes"]) == Self.smolLayers * 16 * 2 * Self.smolKVWidth * 2)
            let file = try #require(int(t["model_file_bytes"]))
            let attributes = try FileManager.default.attributesOfItem(
                atPath: try #require(t["model_filename"]?.stringValue))
            #expect(file == (attributes[.size] as? Int))
            #expect((int(t["model_size"]) ?? 0) > 0 && (int(t["model_size"]) ?? 0) < file)
            #expect((double(t["load_ms"]) ?? 0) > 0)
            #expect((int(t["peak_rss_bytes"]) ?? 0) > 0)
        }
    }

    @Test func depthAndSequencesAreReported() throws {
        let tests = try benchJSON(["-p", "0", "-n", "2", "-d", "8", "-r", "1", "--sequences", "2"])
        try #require(tests.count == 1)
        let t = tests[0]
        #expect(int(t["n_depth"]) == 8 && int(t["n_gen"]) == 2 && int(t["n_prompt"]) == 0 && int(t["n_seqs"]) == 2)
        // Aggregate rate: both sequences' tokens.
        let ns = try #require(t["samples_ns"]?.arrayValue?.compactMap(int).first)
        let ts = try #require(t["samples_ts"]?.arrayValue?.compactMap(double).first)
        #expect(abs(ts - 4 * 1e9 / Double(ns)) <= ts * 1e-9)
        // Two slots of 8 + 2 positions.
        #expect(int(t["kv_cache_bytes"]) == 2 * Self.smolLayers * 10 * 2 * Self.smolKVWidth * 2)
    }

    @Test func humanOutputIsATable() throws {
        let r = try CLIRunner.run(["bench", "-m", "smollm2-135m-instruct", "-p", "8", "-n", "2", "-d", "4", "-r", "1",
            "--threads", "2"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("| model") && r.stdout.contains("t/s"))
        #expect(r.stdout.contains("| pp8 @ d4 ") || r.stdout.contains(" pp8 @ d4 |"))
        #expect(r.stdout.contains("tg2 @ d4"))
        #expect(r.stdout.contains(" ± "))
        #expect(r.stdout.contains("load:") && r.stdout.contains("peak RSS") && r.stdout.contains("KV cache"))
    }

    @Test(arguments: [
        (["-r", "0"], "-r"), (["-p", "0", "-n", "0"], "nothing to measure"), (["-d", "-1"], "-d"),
        (["--sequences", "0"], "--sequences"), (["-b", "0"], "-b"), (["--threads", "0"], "--threads"),
        (["--bogus"], "--bogus"), (["-p", "notanumber"], "notanumber"),
    ])
    func badFlagsAreClearErrors(_ flags: [String], _ mention: String) throws {
        let r = try CLIRunner.run(["bench", "-m", "smollm2-135m-instruct", "-r", "1"] + flags)
        #expect(r.status != 0)
        #expect(r.stderr.contains(mention), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test func depthBeyondTheModelContextIsRefused() throws {
        let r = try CLIRunner.run(["bench", "-m", "smollm2-135m-instruct", "-p", "0", "-n", "1", "-d", "100000"])
        #expect(r.status != 0)
        #expect(r.stderr.contains("100001") || r.stderr.contains("context"), "\(r.stderr)")
    }
}

/// The start-up CPU check: a machine without the build's instructions gets a message, not SIGILL.
@Suite struct CPUCheckTests {
    @Test func missingInstructionsAreNamed() throws {
        let r = try CLIRunner.run(["models"], environment: ["SWIFTLET_CPU_CHECK_PRETEND_MISSING": "AVX2"])
        #expect(r.status == 78)
        #expect(r.stderr.contains("AVX2") && r.stderr.contains("lacks"), "\(r.stderr)")
        #expect(r.stderr.contains("SWIFTLET_PORTABLE_BUILD=1 swift build"), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        let fine = try CLIRunner.run(["models"])
        #expect(fine.status == 0, "\(fine.stderr)")
    }
}
