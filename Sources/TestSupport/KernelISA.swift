import Foundation
public import Kernels

/// The kernel variants (Kernels' Swift path, and the instruction-set variants of its C integer dot kernels) that this
/// build and CPU have, by name: always `portable`; with KernelsX86 `avx2`, plus `avxvnni` and `avx512vnni` where the
/// CPU has them, the last twice: with the two-rows decode kernels and with the 256-bit decode loop
/// (``KernelVariant/twoRowDecode``), whichever this CPU would pick by default.
public let kernelISAs: [(name: String, isa: KernelVariant, twoRowDecode: Bool)] = KernelVariant.supported.flatMap {
    isa -> [(name: String, isa: KernelVariant, twoRowDecode: Bool)] in
    isa == .avx512vnni
        ? [(isa.name, isa, true), (isa.name + " (256-bit decode)", isa, false)]
        : [(isa.name, isa, KernelVariant.twoRowDecode)]
}

private let isaLock = NSLock()

/// Runs `body` once per variant in ``kernelISAs`` with that variant active, then restores the previous one. Callers
/// are serialized with each other (the active variant is process-wide), so each pass runs the variant it names;
/// other code running meanwhile is unaffected, since every variant gives the same bits.
public func forEachKernelISA(_ body: (_ name: String) throws -> Void) rethrows {
    isaLock.lock()
    defer { isaLock.unlock() }
    for (name, isa, twoRowDecode) in kernelISAs {
        let previous = KernelVariant.setActive(isa)
        let previousDecode = KernelVariant.setTwoRowDecode(twoRowDecode)
        defer {
            KernelVariant.setActive(previous)
            KernelVariant.setTwoRowDecode(previousDecode)
        }
        try body(name)
    }
}
