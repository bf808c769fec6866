/// A register-tile width: how many activation columns one kernel call handles (1…4).
protocol ColumnTile {
    /// The number of columns.
    static var count: Int { get }
}

/// One column.
enum Tile1: ColumnTile { static var count: Int { 1 } }
/// Two columns.
enum Tile2: ColumnTile { static var count: Int { 2 } }
/// Three columns.
enum Tile3: ColumnTile { static var count: Int { 3 } }
/// Four columns.
enum Tile4: ColumnTile { static var count: Int { 4 } }

/// Activations of several columns quantized for one weight format, in the layout the fast kernels read.
///
/// Values are bit-identical to ``quantizeActivations(_:count:format:into:)``; only the layout differs: each
/// 32-element group of int8 quants is widened to Int16 and split into its 16 even elements followed by its 16 odd
/// elements, so a kernel multiplies Int16 lanes without shuffles.
struct PackedActivations {
    /// `[columns][length]` Int16 quants; per 32 elements: even elements, then odd elements.
    var qs: UnsafePointer<Int16>
    /// `[columns][blocks]` block scales: Q8_0/Q8_1 the stored f16 `d` widened, Q8_K the f32 `d`.
    var scales: UnsafePointer<Float>
    /// `[columns][blocks]`: Q8_0 `Σq` (an exact integer), Q8_1 the stored f16 `s` widened; unused for Q8_K.
    var aux: UnsafePointer<Float>
    /// `[columns][blocks · 16]`: Q8_K `bsums` (Σq over each 16 elements).
    var sums: UnsafePointer<Int32>
    /// `[columns][floatStride]` f32 activations (float weight formats read these directly from the input).
    var floats: UnsafePointer<Float>
    /// Distance between columns of `floats`, in elements.
    var floatStride: Int
    /// Elements per column.
    var length: Int
    /// Activation blocks per column (length / 32 or length / 256).
    var blocks: Int
    /// `[columns][rawColumnBytes]` the same activations in ggml's block layout (what the KernelsX86 kernels read).
    var raw: UnsafeRawPointer
    /// Distance between columns of `raw`, in bytes.
    var rawColumnBytes: Int
    /// Whether `qs` (and the Q8_0 sums in `aux`) were written; when not, only the KernelsX86 kernels may read these
    /// activations, whatever variant is active by then (see ``readsOnlyBlocks(_:)``).
    var spread = true
}
