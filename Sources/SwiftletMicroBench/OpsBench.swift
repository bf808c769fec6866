import Foundation
import Kernels

/// The element-wise ops at decode sizes: single thread, CPU time per call.
enum OpsBench {
    static func run() {
        var rng = BenchRandom(seed: 3)
        let arguments = rng.values(4096, spread: 5).map { -abs($0) }
        var exponentials = [Float](repeating: 0, count: 4096)
        let x = rng.values(2048), w = rng.values(2048)
        var y = [Float](repeating: 0, count: 2048)
        func report(_ name: String, _ elements: Int, _ body: () -> Void) {
            let t = Timing.time(budget: 0.2, body)
            print("ops: " + padded(name, 34) + String(format: " %9.2f µs  %7.2f Gelem/s", t.cpu * 1e6,
                                                            Double(elements) / t.cpu / 1e9))
        }
        report("libmExpf 4096", 4096) { libmExpf(arguments, into: &exponentials, count: 4096) }
        report("ggmlRMSNorm 640", 640) { ggmlRMSNorm(x, weight: w, count: 640, epsilon: 1e-6, into: &y) }
        report("geluMultiply 2048", 2048) { geluMultiply(gate: x, up: w, count: 2048, into: &y) }
        report("ggmlGELUMultiply 2048", 2048) { ggmlGELUMultiply(gate: x, up: w, count: 2048, into: &y) }
        report("ggmlSiLUMultiply 1536", 1536) { ggmlSiLUMultiply(gate: x, up: w, count: 1536, into: &y) }
        var cos = [Float](repeating: 0, count: 128), sin = cos
        report("ropeAngles d256", 128) { ropeAngles(position: 1234, dimensions: 256, base: 1e6, cos: &cos, sin: &sin) }
        var q = rng.values(4 * 256)
        report("ggmlRoPE 4 heads × 256 (NEOX)", 1024) {
            ggmlRoPE(&q, heads: 4, headDimension: 256, rotaryDimensions: 256, style: .halfSplit, cos: cos, sin: sin)
        }
        let keys = rng.values(512 * 256).map { Float16($0).bitPattern }
        var scores = [Float](repeating: 0, count: 512)
        report("ggmlDot(half:) 512 keys × 256", 512 * 256) {
            keys.withUnsafeBufferPointer { k in
                for p in 0..<512 { scores[p] = ggmlDot(half: k.baseAddress! + p * 256, x, count: 256) }
            }
        }
    }
}
