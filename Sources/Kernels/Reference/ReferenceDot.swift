extension Reference {
    /// Scalar twin of the row kernels: one weight row (`count` elements in `format`) · one activation row already
    /// quantized by ``quantizeActivations(_:count:format:into:)`` to `format.activationFormat` (ggml layout).
    /// Integer sums per block, as ggml's generic `vec_dot` does, accumulated in Double.
    public static func dot(
        _ row: UnsafeRawPointer, format: WeightFormat, activations y: UnsafeRawPointer, count: Int
    ) -> Float {
        func i8(_ p: UnsafeRawPointer, _ o: Int) -> Int { Int(p.load(fromByteOffset: o, as: Int8.self)) }
        func f16(_ p: UnsafeRawPointer, _ o: Int) -> Double {
            Double(Float(Float16(bitPattern: p.loadUnaligned(fromByteOffset: o, as: UInt16.self))))
        }
        // The unsigned level of element j of the weight row (without offset) for the integer formats.
        func level(_ j: Int) -> Int {
            let base = j / format.blockElements * format.blockBytes
            let i = j % format.blockElements
            func byte(_ o: Int) -> UInt8 { row.load(fromByteOffset: base + o, as: UInt8.self) }
            switch format {
            case .q4_0, .q4_1:
                let qs = format == .q4_0 ? 2 : 4
                return Int(i < 16 ? byte(qs + i) & 0x0F : byte(qs + i - 16) >> 4)
            case .q5_0, .q5_1:
                let qs = format == .q5_0 ? 6 : 8, qh = format == .q5_0 ? 2 : 4
                let bits = UInt32(byte(qh)) | UInt32(byte(qh + 1)) << 8 | UInt32(byte(qh + 2)) << 16
                    | UInt32(byte(qh + 3)) << 24
                let low = Int(i < 16 ? byte(qs + i) & 0x0F : byte(qs + i - 16) >> 4)
                return low | Int((bits >> UInt32(i)) & 1) << 4
            case .q8_0:
                return Int(Int8(bitPattern: byte(2 + i)))
            case .q4_K, .q5_K:
                let sub = i / 32, l = i % 32
                let packed = byte((format == .q4_K ? 16 : 48) + 32 * (sub / 2) + l)
                var q = Int(sub % 2 == 0 ? packed & 0x0F : packed >> 4)
                if format == .q5_K { q |= Int((byte(16 + l) >> UInt8(sub)) & 1) << 4 }
                return q
            case .q6_K:
                let h = i / 128, r = (i % 128) / 32, l = i % 32
                let lowByte = byte(64 * h + l + 32 * (r % 2))
                let low = Int(r < 2 ? lowByte & 0x0F : lowByte >> 4)
                return low | Int((byte(128 + 32 * h + l) >> UInt8(2 * r)) & 3) << 4
            case .f32, .f16, .bf16:
                return 0
            }
        }
        var total = 0.0
        switch format {
        case .f32, .f16, .bf16:
            for j in 0..<count {
                total += Double(element(j, of: row, format: format)) * Double(y.load(fromByteOffset: 4 * j, as: Float.self))
            }
        case .q4_0, .q5_0, .q8_0:
            let offset = format == .q4_0 ? 8 : format == .q5_0 ? 16 : 0
            for b in 0..<count / 32 {
                var sum = 0
                for i in 0..<32 { sum += (level(32 * b + i) - offset) * i8(y, 34 * b + 2 + i) }
                let w = row + b * format.blockBytes
                total += f16(w, 0) * f16(y, 34 * b) * Double(sum)
            }
        case .q4_1, .q5_1:
            for b in 0..<count / 32 {
                var sum = 0
                for i in 0..<32 { sum += level(32 * b + i) * i8(y, 36 * b + 4 + i) }
                let w = row + b * format.blockBytes
                total += f16(w, 0) * f16(y, 36 * b) * Double(sum) + f16(w, 2) * f16(y, 36 * b + 2)
            }
        case .q4_K, .q5_K:
            for b in 0..<count / 256 {
                let w = row + b * format.blockBytes
                let dy = Double(y.load(fromByteOffset: 292 * b, as: Float.self))
                var scaled = 0, mins = 0
                for sub in 0..<8 {
                    let (sc, m) = scaleAndMin(sub, scales: 4) { w.load(fromByteOffset: $0, as: UInt8.self) }
                    var sum = 0, ysum = 0
                    for l in 0..<32 {
                        let q8 = i8(y, 292 * b + 4 + 32 * sub + l)
                        sum += level(256 * b + 32 * sub + l) * q8
                        ysum += q8
                    }
                    scaled += sc * sum
                    mins += m * ysum
                }
                total += f16(w, 0) * dy * Double(scaled) - f16(w, 2) * dy * Double(mins)
            }
        case .q6_K:
            for b in 0..<count / 256 {
                let w = row + b * format.blockBytes
                let dy = Double(y.load(fromByteOffset: 292 * b, as: Float.self))
                var scaled = 0
                for g in 0..<16 {
                    var sum = 0
                    for l in 0..<16 {
                        let j = 16 * g + l
                        sum += (level(256 * b + j) - 32) * i8(y, 292 * b + 4 + j)
                    }
                    // Group g covers elements 16g…16g+15; its scale follows the Q6_K element order.
                    let h = (16 * g) / 128, r = ((16 * g) % 128) / 32, half16 = (16 * g % 32) / 16
                    scaled += i8(w, 192 + 8 * h + 2 * r + half16) * sum
                }
                total += f16(w, 208) * dy * Double(scaled)
            }
        }
        return Float(total)
    }

    /// Scalar twin of ``matmul(_:input:inputStride:columns:output:outputStride:scratch:pool:)``: quantizes each
    /// column with ``quantizeActivations(_:count:format:into:)`` and takes ``dot(_:format:activations:count:)`` per row.
    public static func matmul(
        _ w: WeightMatrix, input: UnsafePointer<Float>, inputStride: Int, columns: Int,
        output: UnsafeMutablePointer<Float>, outputStride: Int
    ) {
        let activation = w.format.activationFormat
        let bytes = w.columns / activation.blockElements * activation.blockBytes
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: Swift.max(bytes, 1), alignment: 16)
        defer { buffer.deallocate() }
        for c in 0..<columns {
            quantizeActivations(input + c * inputStride, count: w.columns, format: activation, into: buffer)
            for r in 0..<w.rows {
                output[c * outputStride + r] = dot(
                    w.base + r * w.rowBytes, format: w.format, activations: buffer, count: w.columns)
            }
        }
    }
}
