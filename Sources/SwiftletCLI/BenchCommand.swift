import ArgumentParser
import Engine
import Foundation
import GGUF
import Inference
import InferenceTypes
import Kernels
import Tokenizers
import Transformer

/// `swiftlet bench`: prompt-processing and generation speed like llama.cpp's `llama-bench`, plus load time, peak
/// memory and (with `--count-allocs`) heap allocations per decode step.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure prompt processing (pp) and generation (tg) speed like llama-bench.",
        discussion: """
            Tests: pp<P> (P tokens of one sequence, in batches of at most -b) and tg<N> (N decode steps), each after \
            D tokens already in the cache (-d, not timed). One warm-up run, then -r timed repetitions; t/s is the mean \
            and sample standard deviation over repetitions. --sequences S steps S sequences together in tg (the \
            aggregate t/s counts every sequence's tokens).
            """)

    @OptionGroup var model: ModelOptions

    @Option(name: [.customShort("p"), .customLong("n-prompt")], help: "Prompt tokens of the pp test (0: no pp test).")
    var prompt: Int = 512

    @Option(name: [.customShort("n"), .customLong("n-gen")], help: "Generated tokens of the tg test (0: no tg test).")
    var gen: Int = 128

    @Option(name: [.customShort("d"), .customLong("n-depth")], help: "Tokens already in the cache before each test.")
    var depth: Int = 0

    @Option(name: [.customShort("b"), .customLong("batch-size")], help: "Most tokens per forward pass (prefill chunk).")
    var batch: Int = 512

    @Option(name: [.customShort("r"), .customLong("repetitions")], help: "Timed repetitions per test.")
    var repetitions: Int = 5

    @Option(name: [.customShort("t"), .customLong("threads")], help: "Worker threads (default: every core).")
    var threads: Int?

    @Option(name: [.customLong("sequences"), .customLong("np", withSingleDash: true)],
        help: "Sequences decoding together in the tg test.")
    var sequences: Int = 1

    @Flag(help: "Print a JSON array, one object per test, with llama-bench's field names.")
    var json = false

    @Flag(help: "Count heap allocations per decode step instead of timing (needs libSwiftletAllocCounter.so).")
    var countAllocs = false

    func validate() throws {
        guard prompt >= 0, gen >= 0 else { throw ValidationError("-p and -n must not be negative") }
        guard prompt > 0 || gen > 0 else { throw ValidationError("-p and -n are both 0: there is nothing to measure") }
        guard depth >= 0 else { throw ValidationError("-d must not be negative (got \(depth))") }
        guard batch >= 1 else { throw ValidationError("-b must be at least 1 (got \(batch))") }
        guard repetitions >= 1 else { throw ValidationError("-r must be at least 1 (got \(repetitions))") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1 (got \(threads))") }
        guard sequences >= 1 else { throw ValidationError("--sequences must be at least 1 (got \(sequences))") }
        guard sequences <= batch else {
            throw ValidationError("--sequences \(sequences) exceeds -b \(batch): one decode step feeds one token per sequence")
        }
        if countAllocs && gen == 0 { throw ValidationError("--count-allocs counts decode steps: -n must be positive") }
    }

    func run() throws {
        if countAllocs && AllocationCounter.preloaded() == nil { AllocationCounter.reexecutePreloaded() }
        let resolved = try model.resolve()
        let probePrompt = 8
        var context = depth + max(prompt, gen)
        if countAllocs { context = max(context, probePrompt + BenchAllocationProbe.warmupSteps + gen + 2) }
        let started = DispatchTime.now().uptimeNanoseconds
        let loaded: LoadedModel
        do {
            loaded = try LoadedModel.load(resolved, options: LoadOptions(
                contextLength: context, slots: sequences, maxBatchTokens: batch, threads: threads, queueCapacity: 1))
        } catch {
            throw CLIError(error.description)
        }
        let loadMs = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
        let transformer = loaded.transformer
        let info = ModelInfo(file: loaded.file, id: resolved.id)
        let facts = BenchContext(
            modelFilename: resolved.path,
            modelType: "\(info.architecture) \(Self.shortCount(info.parameterCount)) \(info.quantization)",
            modelSize: loaded.file.tensors.reduce(0) { $0 + $1.byteCount }, modelParameters: info.parameterCount,
            modelFileBytes: info.fileSize, batchTokens: batch,
            threads: threads ?? ProcessInfo.processInfo.activeProcessorCount, loadMilliseconds: loadMs,
            kvCacheBytes: transformer.kvCacheBytes, kernels: activeKernelVariant,
            twoRowDecode: KernelVariant.active == .avx512vnni ? KernelVariant.twoRowDecode : nil)
        let adapter = TransformerBatchModel(transformer)
        let runner = BenchRunner(model: adapter, batchTokens: batch)
        if countAllocs {
            try countAllocations(loaded, adapter: adapter, runner: runner, probePrompt: probePrompt)
            return
        }

        var tests: [BenchTest] = []
        if prompt > 0 { tests.append(BenchTest(nPrompt: prompt, nGen: 0, nDepth: depth, nSeqs: 1)) }
        if gen > 0 { tests.append(BenchTest(nPrompt: 0, nGen: gen, nDepth: depth, nSeqs: sequences)) }
        if !json { print(BenchTable.header()) }
        var results: [JSONValue] = []
        for test in tests {
            let samples: [UInt64]
            do {
                samples = try runner.measure(test, repetitions: repetitions)
            } catch {
                throw CLIError("\(test.name): \(error)")
            }
            let result = BenchResult(test: test, samplesNs: samples, peakResidentBytes: BenchMemory.peakResidentBytes(),
                time: Date())
            if json {
                results.append(result.json(facts))
            } else {
                print(BenchTable.line(result, facts))
            }
        }
        if json {
            print(JSONValue.array(results).serialized())
        } else {
            print("")
            print(BenchTable.footer(facts, peakResidentBytes: BenchMemory.peakResidentBytes()))
        }
    }

    /// `--count-allocs`: the forward path and whole engine steps with each sampler setting.
    private func countAllocations(
        _ loaded: LoadedModel, adapter: TransformerBatchModel, runner: BenchRunner, probePrompt: Int
    ) throws {
        guard let counter = AllocationCounter.preloaded() else {
            throw CLIError("--count-allocs needs the counting allocator: build it (swift build -c release) and run "
                + "LD_PRELOAD=<build folder>/\(AllocationCounter.libraryName) swiftlet bench --count-allocs …")
        }
        let probe = BenchAllocationProbe(counter: counter)
        var outcomes = [try probe.forward(runner, sequences: sequences, depth: depth, steps: gen)]
        let text = "The capital of France is Paris. The capital of Italy is"
        let prompt = Array(loaded.tokenizer.encode(text, addSpecial: true, parseSpecial: false).prefix(probePrompt))
        for (name, parameters) in BenchAllocationProbe.samplers {
            outcomes.append(try probe.engine(model: adapter, tokenizer: loaded.tokenizer, prompt: prompt, sampler: name,
                sampling: parameters, sequences: sequences, steps: gen))
        }
        if json {
            print(JSONValue.array(outcomes.map { $0.json() }).serialized())
        } else {
            for o in outcomes { print(o.line) }
        }
    }

    /// `134515008` → `"135M"`, `1_200_000_000` → `"1.2B"`.
    static func shortCount(_ n: Int) -> String {
        n >= 1_000_000_000 ? String(format: "%.1fB", Double(n) / 1e9) : "\(Int((Double(n) / 1e6).rounded()))M"
    }
}
