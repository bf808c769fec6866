// `public import`: the inlinable wrapper below names KernelsX86's `swl_prefetch` in its body, so that callers in
// other modules get one prefetch instruction instead of a call per cache line (attention prefetches twice per key).
// Callers still cannot name KernelsX86's functions without importing it themselves.
public import KernelsX86

/// How far ahead of what they read the weight kernels and attention prefetch, in bytes (see `SWL_PREFETCH_BYTES` in
/// KernelsX86's header for the measurements behind it).
@inlinable
public var prefetchDistance: Int { Int(SWL_PREFETCH_BYTES) }

/// Asks the CPU to bring the cache line at `p` into L1: a hint that never faults, whatever the address.
@inlinable @inline(__always)
public func prefetchCacheLine(_ p: UnsafeRawPointer) {
    swl_prefetch(p)
}
