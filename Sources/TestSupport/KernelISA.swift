import Foundation
public import Kernels

/// The instruction-set variants of Kernels' integer dot kernels (Q5_0 columns, Q4_1 rows, Q8_0 rows) that this
/// CPU has, by name: always `avx2`, plus `avxvnni` and `avx512vnni` where the CPU has them.
public let kernelISAs: [(name: String, isa: KernelVariant)] = KernelVariant.supported.map { ($0.name, $0) }

private let isaLock = NSLock()

/// Runs `body` once per variant in ``kernelISAs`` with that variant active, then restores the previous one. Callers
/// are serialized with each other (the active variant is process-wide), so each pass runs the variant it names;
/// other code running meanwhile is unaffected, since every variant gives the same bits.
public func forEachKernelISA(_ body: (_ name: String) throws -> Void) rethrows {
    isaLock.lock()
    defer { isaLock.unlock() }
    for (name, isa) in kernelISAs {
        let previous = KernelVariant.setActive(isa)
        defer { KernelVariant.setActive(previous) }
        try body(name)
    }
}
