import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A persistent pool of threads for splitting kernels: `threadCount − 1` worker threads are created once; the
/// calling thread is the last participant. Work items are claimed dynamically from an atomic counter.
///
/// Between jobs the workers spin on an atomic generation counter for a while (`spinIterations` loads, a few hundred
/// microseconds) and then park on a condition variable, so a decode step's back-to-back kernels start without a
/// wake-up, and an idle server costs no CPU.
///
/// - Important: Threading rules.
///   - One job at a time: `parallelFor` must not be called concurrently from two threads, nor from inside a
///     job body (it is not re-entrant). Give each engine loop its own pool.
///   - The body runs concurrently on different threads with different item indices; it must only write memory that
///     belongs to its item (e.g. its own rows of the output).
///   - `parallelFor` returns only after every item has finished, so the job may hold stack memory and unsafe
///     pointers that live for the duration of the call.
///   - The pool's threads exit when the pool is deinitialized (after the current job, if any).
public final class WorkerPool: @unchecked Sendable {
    /// Participating threads, counting the caller.
    public var threadCount: Int { state.threadCount }
    /// Atomic loads a worker spins for before parking.
    public var spinIterations: Int { state.spinIterations }

    private let state: PoolState

    /// Creates a pool of `threadCount` participants (at least 1; the caller counts as one).
    public init(threadCount: Int, spinIterations: Int = 200_000) {
        state = PoolState(threadCount: Swift.max(1, threadCount), spinIterations: spinIterations)
        state.start()
    }

    /// Creates a pool with one participant per available core.
    public convenience init() {
        self.init(threadCount: Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }

    deinit {
        state.stop()
    }

    /// Runs `job.run(i)` for every `i` in `0..<count`, spread over the pool's threads (the caller included), and
    /// returns when all have finished. Items are claimed in increasing order from a shared counter.
    ///
    /// Allocation-free: the workers call the job through a pointer to the caller's argument, so a job struct built
    /// on the stack costs no heap context (a decode step makes hundreds of these calls).
    public func parallelFor<Job: ParallelJob>(_ count: Int, _ job: Job) {
        withUnsafePointer(to: job) { state.parallelFor(count, UnsafeRawPointer($0), Job.self) }
    }

    /// Runs `body(i)` for every `i` in `0..<count` like ``parallelFor(_:_:)-(_,Job)``; convenient for tests and
    /// cold paths, but each call boxes the closure (`withoutActuallyEscaping`), so hot loops use a ``ParallelJob``.
    public func parallelFor(_ count: Int, _ body: (Int) -> Void) {
        withoutActuallyEscaping(body) { escapable in
            parallelFor(count, ClosureJob(body: escapable))
        }
    }
}

/// A unit of parallel work for ``WorkerPool/parallelFor(_:_:)-(_,Job)``: `run(item)` is called once for every item,
/// concurrently on different threads.
///
/// - Important: `run` must only write memory that belongs to its item (e.g. its own rows of an output).
public protocol ParallelJob {
    /// Runs item `item`.
    func run(_ item: Int)
}

extension ParallelJob {
    /// Runs item `item` of the job of this type at `job` (the type-erased call the pool's threads make).
    @inline(__always)
    fileprivate static func run(at job: UnsafeRawPointer, _ item: Int) {
        job.assumingMemoryBound(to: Self.self).pointee.run(item)
    }
}

/// A closure as a ``ParallelJob``.
private struct ClosureJob: ParallelJob {
    let body: (Int) -> Void
    func run(_ item: Int) { body(item) }
}

/// The pool's shared state; worker threads keep it alive, the public ``WorkerPool`` stops them when it goes away.
private final class PoolState: @unchecked Sendable {
    let threadCount: Int
    let spinIterations: Int
    /// Busy checks before a waiting worker starts yielding its core between checks.
    let yieldAfter: Int

    // Job publication: `job` and `itemCount` are written by the caller before `generation` is bumped (sequentially
    // consistent, so a release) and read by workers after they load the new generation (an acquire).
    /// The caller's job value (on its stack) and its type; valid while the caller is inside `parallelFor`.
    private var job: UnsafeRawPointer?
    private var jobType: (any ParallelJob.Type)?
    private var itemCount = 0
    private let generation = Atomic<Int>(0)
    private let nextItem = Atomic<Int>(0)
    /// Items of the current job that have finished.
    private let finished = Atomic<Int>(0)
    /// Workers inside a job (between announcing themselves and leaving).
    private let active = Atomic<Int>(0)
    /// The newest generation whose caller has stopped accepting workers.
    private let closed = Atomic<Int>(0)
    private let sleepers = Atomic<Int>(0)
    private let stopping = Atomic<Bool>(false)
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>
    private var threads: [pthread_t] = []

    init(threadCount: Int, spinIterations: Int) {
        self.threadCount = threadCount
        self.spinIterations = spinIterations
        yieldAfter = Swift.min(spinIterations, 20_000)
        mutex = .allocate(capacity: 1)
        condition = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    /// Creates the worker threads (each retains the state until it exits).
    func start() {
        for index in 1..<threadCount {
            let context = Unmanaged.passRetained(WorkerContext(state: self, index: index)).toOpaque()
            #if canImport(Glibc)
            var thread = pthread_t()
            #else
            var thread: pthread_t?
            #endif
            let status = pthread_create(&thread, nil, { raw in
                #if canImport(Glibc)
                guard let raw else { return nil }
                #endif
                let context = Unmanaged<WorkerContext>.fromOpaque(raw).takeRetainedValue()
                context.state.workerLoop(index: context.index)
                return nil
            }, context)
            #if canImport(Glibc)
            if status == 0 { threads.append(thread) }
            #else
            if status == 0, let thread { threads.append(thread) }
            #endif
        }
    }

    /// Tells the workers to exit and joins them.
    func stop() {
        stopping.store(true, ordering: .sequentiallyConsistent)
        generation.add(1, ordering: .sequentiallyConsistent)
        pthread_mutex_lock(mutex)
        pthread_cond_broadcast(condition)
        pthread_mutex_unlock(mutex)
        for thread in threads { pthread_join(thread, nil) }
        threads = []
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        condition.deallocate()
    }

    /// See ``WorkerPool/parallelFor(_:_:)-(_,Job)``; `job` points to a value of type `type`.
    ///
    /// The caller waits for its items, not for its partners: a job is complete when `finished` reaches the item
    /// count. A worker takes part in generation `g` only after announcing itself in `active` and seeing that `g` is
    /// not yet closed (`closed < g`); the caller closes `g` before waiting for `active` to drain. So a worker that was
    /// descheduled while the job ran never delays the caller (it finds the job closed and skips it), and no worker
    /// can touch a job after the caller returned (Dekker-style: both sides use sequentially consistent operations on
    /// `active` and `closed`).
    func parallelFor(_ count: Int, _ job: UnsafeRawPointer, _ type: any ParallelJob.Type) {
        guard count > 0 else { return }
        guard threadCount > 1, count > 1, !threads.isEmpty else {
            for i in 0..<count { type.run(at: job, i) }
            return
        }
        self.job = job
        jobType = type
        itemCount = count
        nextItem.store(0, ordering: .relaxed)
        finished.store(0, ordering: .relaxed)
        let current = generation.add(1, ordering: .sequentiallyConsistent).newValue
        if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
            pthread_mutex_lock(mutex)
            pthread_cond_broadcast(condition)
            pthread_mutex_unlock(mutex)
        }
        runItems(job, type, count)
        // Only items someone already claimed are left; their owner is running (or was preempted mid-item, which no
        // scheme can hide). Spin briefly, then yield so a preempted worker gets the core back.
        var spins = 0
        while finished.load(ordering: .acquiring) != count {
            spins += 1
            if spins > 2_000 { sched_yield() }
        }
        closed.store(current, ordering: .sequentiallyConsistent)
        spins = 0
        while active.load(ordering: .sequentiallyConsistent) != 0 {
            spins += 1
            if spins > 2_000 { sched_yield() }
        }
        self.job = nil
        jobType = nil
    }

    /// Claims and runs items until none are left, counting each finished one.
    @inline(__always)
    private func runItems(_ job: UnsafeRawPointer, _ type: any ParallelJob.Type, _ count: Int) {
        while true {
            let i = nextItem.add(1, ordering: .relaxed).oldValue
            guard i < count else { return }
            type.run(at: job, i)
            finished.add(1, ordering: .releasing)
        }
    }

    /// Runs the published job's remaining items.
    @inline(never)
    private func runPublishedJob() {
        if let job, let jobType { runItems(job, jobType, itemCount) }
    }

    /// A worker thread's life: wait for a new generation (spin, then yield, then park), join it unless it is
    /// already closed, run items, leave, repeat.
    func workerLoop(index: Int) {
        var seen = 0
        while true {
            var current = generation.load(ordering: .acquiring)
            var spins = 0
            while current == seen {
                if spins < spinIterations {
                    spins += 1
                    // Past the first stretch, give the core away between checks: on a shared machine the thread
                    // that would run our job may be waiting for this core.
                    if spins > yieldAfter { sched_yield() }
                    current = generation.load(ordering: .acquiring)
                    continue
                }
                pthread_mutex_lock(mutex)
                sleepers.add(1, ordering: .sequentiallyConsistent)
                current = generation.load(ordering: .sequentiallyConsistent)
                while current == seen {
                    pthread_cond_wait(condition, mutex)
                    current = generation.load(ordering: .sequentiallyConsistent)
                }
                sleepers.subtract(1, ordering: .sequentiallyConsistent)
                pthread_mutex_unlock(mutex)
            }
            seen = current
            if stopping.load(ordering: .acquiring) { return }
            active.add(1, ordering: .sequentiallyConsistent)
            if closed.load(ordering: .sequentiallyConsistent) < current {
                runPublishedJob()
            }
            active.subtract(1, ordering: .sequentiallyConsistent)
        }
    }
}

/// What a new thread needs: its pool state and index.
private final class WorkerContext {
    let state: PoolState
    let index: Int
    init(state: PoolState, index: Int) {
        self.state = state
        self.index = index
    }
}
