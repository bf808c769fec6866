extension Reference {
    /// Scalar twin of ``quantizeActivations(_:count:format:into:)``: ggml's x86 `quantize_row_q8_0/1` arithmetic and
    /// `quantize_row_q8_K_ref`, one element at a time.
    public static func quantizeActivations(
        _ x: UnsafePointer<Float>, count: Int, format: ActivationFormat, into out: UnsafeMutableRawPointer
    ) {
        switch format {
        case .f32:
            for i in 0..<count { out.storeBytes(of: x[i], toByteOffset: 4 * i, as: Float.self) }
        case .q8_0, .q8_1:
            let bytes = format.blockBytes, qs = format == .q8_0 ? 2 : 4
            for b in 0..<count / 32 {
                let v = x + 32 * b, block = out + bytes * b
                var amax: Float = 0
                for j in 0..<32 where abs(v[j]) > amax { amax = abs(v[j]) }
                let d = amax / 127
                let id: Float = amax != 0 ? 127 / amax : 0
                var sum = 0
                for j in 0..<32 {
                    let q = Int((v[j] * id).rounded(.toNearestOrEven))
                    sum += q
                    block.storeBytes(of: Int8(q), toByteOffset: qs + j, as: Int8.self)
                }
                block.storeBytes(of: Float16(d).bitPattern, as: UInt16.self)
                if format == .q8_1 {
                    block.storeBytes(of: Float16(d * Float(sum)).bitPattern, toByteOffset: 2, as: UInt16.self)
                }
            }
        case .q8_K:
            for b in 0..<count / 256 {
                let v = x + 256 * b, block = out + 292 * b
                var amax: Float = 0, max: Float = 0
                for j in 0..<256 where abs(v[j]) > amax {
                    amax = abs(v[j])
                    max = v[j]
                }
                for k in 0..<292 { block.storeBytes(of: UInt8(0), toByteOffset: k, as: UInt8.self) }
                guard amax != 0 else { continue }
                let iscale = -127 / max
                for g in 0..<16 {
                    var sum = 0
                    for j in 16 * g..<16 * g + 16 {
                        let q = Swift.min(127, Int((iscale * v[j]).rounded(.toNearestOrEven)))
                        sum += q
                        block.storeBytes(of: Int8(q), toByteOffset: 4 + j, as: Int8.self)
                    }
                    block.storeBytes(of: Int16(sum), toByteOffset: 260 + 2 * g, as: Int16.self)
                }
                block.storeBytes(of: 1 / iscale, as: Float.self)
            }
        }
    }
}
