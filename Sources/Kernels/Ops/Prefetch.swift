// `public import`: the inlinable wrapper below names KernelsPrefetch's `swl_prefetch` in its body, so that callers in
// other modules get one prefetch instruction instead of a call per cache line (attention prefetches twice per key).
// A C target rather than a no-op on other architectures: Swift cannot emit a prefetch itself, and the prefetch was
// worth ~40% of decode speed where it was measured (see `SWL_PREFETCH_BYTES`); `__builtin_prefetch` compiles on every
// architecture, with no CPU flag.
public import KernelsPrefetch

/// How far ahead of what they read the weight kernels and attention prefetch, in bytes (see `SWL_PREFETCH_BYTES` in
/// KernelsPrefetch's header for the measurements behind it).
@inlinable
public var prefetchDistance: Int { Int(SWL_PREFETCH_BYTES) }

/// Asks the CPU to bring the cache line at `p` into L1: a hint that never faults, whatever the address.
@inlinable @inline(__always)
public func prefetchCacheLine(_ p: UnsafeRawPointer) {
    swl_prefetch(p)
}
