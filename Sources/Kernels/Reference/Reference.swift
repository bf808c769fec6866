/// Plain scalar reference twins of the fast kernels, written straight from the layout descriptions (ggml's block structs)
/// and ggml's reference C, one element or one block at a time. Tests compare every fast kernel against these.
/// They are slow on purpose: no SIMD, no unpacking tricks.
public enum Reference {}
