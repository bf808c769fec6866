#if canImport(KernelsX86)
import KernelsX86
#endif

/// An instruction-set variant of the kernels: the portable Swift path, or KernelsX86's integer dot kernels (Q4_1,
/// Q5_0, Q8_0 and repacked Q4_K weights) for one x86 instruction set. Every variant gives the same bits; only the
/// speed differs.
public enum KernelVariant: Int32, CaseIterable, Sendable {
    /// No KernelsX86 function: every dot, matmul, activation quantization and `expf` runs Swift code (SIMD types,
    /// which compile to whatever vectors the target has). Every CPU has it; the only variant of a build without
    /// KernelsX86 (`SWIFTLET_PORTABLE_BUILD=1`, or any host that is not x86-64).
    case portable = 3
    /// AVX2 + FMA + F16C.
    case avx2 = 0
    /// AVX2 plus AVX-VNNI.
    case avxvnni = 1
    /// AVX2 plus AVX-512 F, BW, VL and VNNI.
    case avx512vnni = 2

    /// The variant's name: `portable`, `avx2`, `avxvnni` or `avx512vnni`.
    public var name: String {
        switch self {
        case .portable: "portable"
        case .avx2: "avx2"
        case .avxvnni: "avxvnni"
        case .avx512vnni: "avx512vnni"
        }
    }

    #if canImport(KernelsX86)
    /// Whether this CPU has the instructions of this variant (``portable``: always).
    public var isSupported: Bool { swl_isa_supported(rawValue) != 0 }

    /// The variant the kernels run: the best this CPU has unless the environment variable `SWIFTLET_ISA` names a
    /// lower one (`portable`, `avx2`, `avxvnni`; read once, at the first kernel call).
    public static var active: KernelVariant { KernelVariant(rawValue: swl_isa_active()) ?? .avx2 }

    /// Makes `variant` the active one (AVX2 if this CPU lacks it) and returns the previous one. Process-wide; safe at
    /// any time, since every variant gives the same bits (for tests that run each variant).
    @discardableResult
    public static func setActive(_ variant: KernelVariant) -> KernelVariant {
        KernelVariant(rawValue: swl_isa_set_active(variant.rawValue)) ?? .avx2
    }
    #else
    /// Whether this build and CPU run this variant: only ``portable`` without KernelsX86.
    public var isSupported: Bool { self == .portable }

    /// The variant the kernels run: always ``portable`` without KernelsX86.
    public static var active: KernelVariant { .portable }

    /// Returns ``portable``, the only variant without KernelsX86 (kept for tests that run each variant).
    @discardableResult
    public static func setActive(_ variant: KernelVariant) -> KernelVariant { .portable }
    #endif

    /// The variants this CPU has, portable first.
    public static var supported: [KernelVariant] { allCases.filter(\.isSupported) }

    /// Whether the active variant is ``portable``: the kernels' switch between their Swift and C paths (one relaxed
    /// atomic load in KernelsX86; a constant without it).
    @inline(__always)
    static var portableActive: Bool {
        #if canImport(KernelsX86)
        swl_isa_active() == SWL_ISA_PORTABLE
        #else
        true
        #endif
    }
}

extension KernelVariant {
    /// Whether the active variant is ``avx512vnni`` (a constant `false` without KernelsX86).
    @inline(__always)
    static var avx512Active: Bool {
        #if canImport(KernelsX86)
        swl_isa_active() == SWL_ISA_AVX512VNNI
        #else
        false
        #endif
    }
}

extension KernelVariant {
    /// Whether, with ``avx512vnni`` active, a lone decode column runs the two-rows-per-512-bit-register kernels
    /// (the default on Intel) or the 256-bit loop with the EVEX `vpdpbusd` (the default on AMD, whose Zen 4 splits
    /// 512-bit operations in two; see `swl_two_row_decode`). Same bits either way; `SWIFTLET_TWO_ROW_DECODE=0|1`
    /// overrides the default. Always `false` without KernelsX86.
    public static var twoRowDecode: Bool {
        #if canImport(KernelsX86)
        swl_two_row_decode() != 0
        #else
        false
        #endif
    }

    /// Sets ``twoRowDecode`` and returns the previous value (process-wide; for tests, which run both). No effect
    /// without KernelsX86.
    @discardableResult
    public static func setTwoRowDecode(_ on: Bool) -> Bool {
        #if canImport(KernelsX86)
        swl_set_two_row_decode(on ? 1 : 0) != 0
        #else
        false
        #endif
    }
}

/// The name of ``KernelVariant/active``.
public var activeKernelVariant: String { KernelVariant.active.name }
