import Foundation
import KernelsX86

/// The instruction-set variants of KernelsX86's integer dot kernels (Q5_0 columns, Q4_1 rows, Q8_0 rows) that this
/// CPU has, by name: always `avx2`, plus `avxvnni` and `avx512vnni` where the CPU has them.
public let kernelISAs: [(name: String, isa: Int32)] = [
    ("avx2", SWL_ISA_AVX2), ("avxvnni", SWL_ISA_AVXVNNI), ("avx512vnni", SWL_ISA_AVX512VNNI),
]
    .filter { swl_isa_supported($0.1) != 0 }

private let isaLock = NSLock()

/// Runs `body` once per variant in ``kernelISAs`` with that variant active, then restores the previous one. Callers
/// are serialized with each other (the active variant is process-wide), so each pass runs the variant it names;
/// other code running meanwhile is unaffected, since every variant gives the same bits.
public func forEachKernelISA(_ body: (_ name: String) throws -> Void) rethrows {
    isaLock.lock()
    defer { isaLock.unlock() }
    for (name, isa) in kernelISAs {
        let previous = swl_isa_set_active(isa)
        defer { _ = swl_isa_set_active(previous) }
        try body(name)
    }
}
