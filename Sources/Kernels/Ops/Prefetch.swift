import KernelsX86

/// How far ahead of what they read the weight kernels and attention prefetch, in bytes (see `SWL_PREFETCH_BYTES` in
/// KernelsX86's header for the measurements behind it).
public let prefetchDistance = Int(SWL_PREFETCH_BYTES)

/// Asks the CPU to bring the cache line at `p` into L1: a hint that never faults, whatever the address.
@inline(__always)
public func prefetchCacheLine(_ p: UnsafeRawPointer) {
    swl_prefetch(p)
}
