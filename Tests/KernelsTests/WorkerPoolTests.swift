import Kernels
import Synchronization
import Testing

@Suite struct WorkerPoolTests {
    @Test func everyItemRunsExactlyOnce() {
        let pool = WorkerPool(threadCount: 3, spinIterations: 1_000)
        for count in [0, 1, 2, 5, 64, 1000] {
            var hits = [Int](repeating: 0, count: count)
            hits.withUnsafeMutableBufferPointer { buffer in
                let base = buffer.baseAddress
                pool.parallelFor(count) { i in base?[i] += 1 }
            }
            #expect(hits.allSatisfy { $0 == 1 }, "count \(count)")
        }
    }

    /// The allocation-free entry point: a job struct whose items each add to their own slot, on 1–3 threads.
    @Test func jobStructRunsEveryItemOnce() {
        struct Increment: ParallelJob {
            let base: UnsafeMutablePointer<Int>
            func run(_ item: Int) { base[item] += item + 1 }
        }
        for threads in 1...3 {
            let pool = WorkerPool(threadCount: threads, spinIterations: 1_000)
            for count in [0, 1, 3, 257] {
                var hits = [Int](repeating: 0, count: count)
                hits.withUnsafeMutableBufferPointer { buffer in
                    guard let base = buffer.baseAddress else { return }
                    for _ in 0..<3 { pool.parallelFor(count, Increment(base: base)) }
                }
                #expect(hits == (0..<count).map { 3 * ($0 + 1) }, "threads \(threads) count \(count)")
            }
        }
    }

    @Test func usesMoreThanOneThread() {
        let pool = WorkerPool(threadCount: 2, spinIterations: 100_000)
        let seen = Atomic<Int>(0)
        var distinct = Set<Int>()
        for _ in 0..<50 {
            var threads = [UInt](repeating: 0, count: 64)
            threads.withUnsafeMutableBufferPointer { buffer in
                let base = buffer.baseAddress
                // Items that really take time (a sleep), so the worker joins before the caller has run them all:
                // the caller no longer waits for a worker that has not started.
                pool.parallelFor(64) { i in
                    usleep(200)
                    seen.add(1, ordering: .relaxed)
                    base?[i] = pthreadID()
                }
            }
            distinct.formUnion(threads.map { Int(truncatingIfNeeded: $0) })
            if distinct.count > 1 { break }
        }
        #expect(distinct.count == 2)
    }

    /// Many thousands of tiny jobs, with pauses long enough for the workers to park in between: no deadlock, no
    /// lost item.
    @Test func noDeadlockOverManyCalls() {
        let pool = WorkerPool(threadCount: 2, spinIterations: 50)
        let total = Atomic<Int>(0)
        for call in 0..<20_000 {
            pool.parallelFor(1 + call % 7) { i in total.add(i + 1, ordering: .relaxed) }
            if call % 1000 == 0 { usleepShort() }
        }
        let expected = (0..<20_000).reduce(0) { sum, call in let n = 1 + call % 7; return sum + n * (n + 1) / 2 }
        #expect(total.load(ordering: .relaxed) == expected)
    }

    @Test func threadedMatmulEqualsSingleThreaded() throws {
        let pool = WorkerPool(threadCount: 2, spinIterations: 1_000)
        for format in [WeightFormat.q4_1, .q8_0, .q4_K, .q6_K] {
            let length = format.blockElements == 256 ? 512 : 576
            let rows = try QuantizedRows(format: format, rows: 333, columns: length, seed: 17)
            var rng = SeededRandom(seed: 1)
            let x = rng.values(5 * length)
            let scratch = MatMulScratch(maxColumns: 5, maxLength: length)
            var single = [Float](repeating: 0, count: 5 * 333)
            var threaded = [Float](repeating: 0, count: 5 * 333)
            matmul(rows.matrix, input: x, inputStride: length, columns: 5, output: &single, outputStride: 333,
                   scratch: scratch, pool: nil)
            for _ in 0..<20 {
                matmul(rows.matrix, input: x, inputStride: length, columns: 5, output: &threaded, outputStride: 333,
                       scratch: scratch, pool: pool)
                #expect(threaded == single, "\(format)")
            }
        }
    }
}

#if canImport(Glibc)
import Glibc
func pthreadID() -> UInt { UInt(pthread_self()) }
func usleepShort() { usleep(2_000) }
#elseif canImport(Darwin)
import Darwin
func pthreadID() -> UInt { UInt(bitPattern: pthread_mach_thread_np(pthread_self()).hashValue) }
func usleepShort() { usleep(2_000) }
#endif
