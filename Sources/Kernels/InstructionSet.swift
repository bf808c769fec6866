import KernelsX86

/// The instruction-set variant the integer dot kernels (KernelsX86: Q4_1, Q5_0, Q8_0 weights) run: `avx2`,
/// `avxvnni` or `avx512vnni`, the best this CPU has unless the environment variable `SWIFTLET_ISA` names another.
/// Every variant gives the same bits; only the speed differs.
public var activeKernelVariant: String {
    switch swl_isa_active() {
    case SWL_ISA_AVX512VNNI: "avx512vnni"
    case SWL_ISA_AVXVNNI: "avxvnni"
    default: "avx2"
    }
}
