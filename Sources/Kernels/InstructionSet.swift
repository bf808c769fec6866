import KernelsX86

/// An instruction-set variant of the integer dot kernels (KernelsX86: Q4_1, Q5_0, Q8_0 and repacked Q4_K weights).
/// Every variant gives the same bits; only the speed differs.
public enum KernelVariant: Int32, CaseIterable, Sendable {
    /// AVX2 + FMA + F16C.
    case avx2 = 0
    /// AVX2 plus AVX-VNNI.
    case avxvnni = 1
    /// AVX2 plus AVX-512 F, BW, VL and VNNI.
    case avx512vnni = 2

    /// The variant's name: `avx2`, `avxvnni` or `avx512vnni`.
    public var name: String {
        switch self {
        case .avx2: "avx2"
        case .avxvnni: "avxvnni"
        case .avx512vnni: "avx512vnni"
        }
    }

    /// Whether this CPU has the instructions of this variant.
    public var isSupported: Bool { swl_isa_supported(rawValue) != 0 }

    /// The variants this CPU has, AVX2 first.
    public static var supported: [KernelVariant] { allCases.filter(\.isSupported) }

    /// The variant the kernels run: the best this CPU has unless the environment variable `SWIFTLET_ISA` names a
    /// lower one (`avx2`, `avxvnni`; read once, at the first kernel call).
    public static var active: KernelVariant { KernelVariant(rawValue: swl_isa_active()) ?? .avx2 }

    /// Makes `variant` the active one (AVX2 if this CPU lacks it) and returns the previous one. Process-wide; safe at
    /// any time, since every variant gives the same bits (for tests that run each variant).
    @discardableResult
    public static func setActive(_ variant: KernelVariant) -> KernelVariant {
        KernelVariant(rawValue: swl_isa_set_active(variant.rawValue)) ?? .avx2
    }
}

/// The name of ``KernelVariant/active``.
public var activeKernelVariant: String { KernelVariant.active.name }
