import Foundation
import InferenceTypes
import Kernels

/// What `swiftlet bench` knows about the model and the run, shared by all of its tests.
struct BenchContext {
    var modelFilename: String
    /// `"llama 135M Q4_1"`: architecture, parameter count, file type.
    var modelType: String
    /// Bytes of all tensors (llama-bench's `model_size`).
    var modelSize: Int
    var modelParameters: Int
    var modelFileBytes: Int
    var batchTokens: Int
    var threads: Int
    var loadMilliseconds: Double
    var kvCacheBytes: Int
    /// The kernel variant that ran (``KernelVariant/name``: `portable`, `avx2`, `avxvnni` or `avx512vnni`).
    var kernels: String
    /// With `avx512vnni`: whether a lone decode column ran the two-rows-per-register kernels
    /// (``KernelVariant/twoRowDecode``: Intel's default, not AMD's); nil with any other variant.
    var twoRowDecode: Bool?
}

/// One test's measurements, reported as llama-bench reports them.
struct BenchResult {
    var test: BenchTest
    /// Nanoseconds of each repetition.
    var samplesNs: [UInt64]
    /// Peak RSS after the test, when known.
    var peakResidentBytes: Int?
    /// When the test finished (ISO 8601).
    var time: Date

    /// Tokens per second of each repetition (llama-bench's `samples_ts`: tokens / seconds, per repetition).
    var samplesTs: [Double] { samplesNs.map { Double(test.tokenCount) * 1e9 / Double($0) } }

    /// The JSON object with llama-bench's field names, plus `n_seqs`, our memory and load figures, the kernel
    /// variant (`kernels`) and, with `avx512vnni`, its decode choice (`two_row_decode`, else null).
    func json(_ c: BenchContext) -> JSONValue {
        let ns = samplesNs.map { Double($0) }
        let ts = samplesTs
        var pairs: [(String, JSONValue)] = [
            ("model_filename", .string(c.modelFilename)), ("model_type", .string(c.modelType)),
            ("model_size", .int(Int64(c.modelSize))), ("model_n_params", .int(Int64(c.modelParameters))),
            ("n_batch", .int(Int64(c.batchTokens))), ("n_ubatch", .int(Int64(c.batchTokens))),
            ("n_threads", .int(Int64(c.threads))), ("type_k", .string("f16")), ("type_v", .string("f16")),
            ("use_mmap", .bool(true)),
            ("n_prompt", .int(Int64(test.nPrompt))), ("n_gen", .int(Int64(test.nGen))),
            ("n_depth", .int(Int64(test.nDepth))), ("n_seqs", .int(Int64(test.nSeqs))),
            ("test_time", .string(ISO8601DateFormatter().string(from: time))),
            ("avg_ns", .int(Int64(Self.mean(ns).rounded()))), ("stddev_ns", .int(Int64(Self.stddev(ns).rounded()))),
            ("avg_ts", .double(Self.mean(ts))), ("stddev_ts", .double(Self.stddev(ts))),
            ("samples_ns", .array(samplesNs.map { .int(Int64($0)) })), ("samples_ts", .array(ts.map { .double($0) })),
            ("load_ms", .double(c.loadMilliseconds)), ("model_file_bytes", .int(Int64(c.modelFileBytes))),
            ("kv_cache_bytes", .int(Int64(c.kvCacheBytes))), ("kernels", .string(c.kernels)),
        ]
        pairs.append(("two_row_decode", c.twoRowDecode.map { .bool($0) } ?? .null))
        pairs.append(("peak_rss_bytes", peakResidentBytes.map { .int(Int64($0)) } ?? .null))
        return .makeObject(pairs)
    }

    /// `"247.12 ± 1.23"`.
    var speedText: String { String(format: "%.2f ± %.2f", Self.mean(samplesTs), Self.stddev(samplesTs)) }

    /// The mean (0 for no values).
    static func mean(_ v: [Double]) -> Double { v.isEmpty ? 0 : v.reduce(0, +) / Double(v.count) }

    /// The sample standard deviation (Bessel-corrected, as llama-bench's; 0 for fewer than two values).
    static func stddev(_ v: [Double]) -> Double {
        guard v.count > 1 else { return 0 }
        let m = mean(v)
        return (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count - 1)).squareRoot()
    }
}

/// The human-readable output: a markdown table like llama-bench's, then load time and memory.
enum BenchTable {
    /// The table's header rows.
    static func header() -> String {
        row(["model", "size", "params", "threads", "n_batch", "test", "t/s"]) + "\n"
            + "| ------------------------------ | ---------: | ---------: | ------: | ------: | ------------------: | -------------------: |"
    }

    /// One result row.
    static func line(_ r: BenchResult, _ c: BenchContext) -> String {
        row([c.modelType, BenchMemory.mebibytes(c.modelSize), parameters(c.modelParameters), "\(c.threads)",
            "\(c.batchTokens)", r.test.name, r.speedText])
    }

    /// Load time and memory after the table.
    static func footer(_ c: BenchContext, peakResidentBytes: Int?) -> String {
        var s = "kernels: \(c.kernels)"
            + (c.twoRowDecode.map { ", decode \($0 ? "two rows" : "one row") per register (SWIFTLET_TWO_ROW_DECODE=0|1)" } ?? "")
            + " (SWIFTLET_ISA=portable, avx2 or avxvnni to compare variants)\n"
        s += String(format: "load: %.0f ms (open to ready)\n", c.loadMilliseconds)
        let budget = c.modelFileBytes + c.kvCacheBytes
        s += "model file \(BenchMemory.mebibytes(c.modelFileBytes)) + KV cache \(BenchMemory.mebibytes(c.kvCacheBytes))"
            + " = \(BenchMemory.mebibytes(budget))"
        if let peak = peakResidentBytes {
            s += "; peak RSS \(BenchMemory.mebibytes(peak)) (\(peak >= budget ? "+" : "-")"
                + "\(BenchMemory.mebibytes(abs(peak - budget))))"
        }
        return s
    }

    /// `134515008` → `"134.52 M"`.
    static func parameters(_ n: Int) -> String {
        n >= 1_000_000_000 ? String(format: "%.2f B", Double(n) / 1e9) : String(format: "%.2f M", Double(n) / 1e6)
    }

    private static func row(_ cells: [String]) -> String {
        let widths = [30, 10, 10, 7, 7, 19, 20]
        var s = "|"
        for (i, cell) in cells.enumerated() {
            let pad = String(repeating: " ", count: max(0, widths[i] - cell.count))
            s += " " + (i == 0 ? cell + pad : pad + cell) + " |"
        }
        return s
    }
}
