import Kernels
import Testing

@Suite struct WeightFormatTests {
    @Test func sizesMatchTheLayoutTable() {
        let expected: [(WeightFormat, Int, Int)] = [
            (.f32, 1, 4), (.f16, 1, 2), (.bf16, 1, 2), (.q4_0, 32, 18), (.q4_1, 32, 20), (.q5_0, 32, 22),
            (.q5_1, 32, 24), (.q8_0, 32, 34), (.q4_K, 256, 144), (.q5_K, 256, 176), (.q6_K, 256, 210),
        ]
        for (format, elements, bytes) in expected {
            #expect(format.blockElements == elements, "\(format)")
            #expect(format.blockBytes == bytes, "\(format)")
        }
        #expect(WeightFormat.q4_1.rowBytes(columns: 576) == 18 * 20)
        #expect(WeightFormat.q4_K.rowBytes(columns: 640) == nil)
        #expect(WeightFormat.q8_0.rowBytes(columns: 640) == 20 * 34)
    }

    @Test func ggmlTypeIDsRoundTrip() {
        let ids: [UInt32: WeightFormat] = [
            0: .f32, 1: .f16, 2: .q4_0, 3: .q4_1, 6: .q5_0, 7: .q5_1, 8: .q8_0, 12: .q4_K, 13: .q5_K, 14: .q6_K, 30: .bf16,
        ]
        for (id, format) in ids {
            #expect(WeightFormat(ggmlTypeID: id) == format)
            #expect(format.ggmlTypeID == id)
        }
        for unsupported: UInt32 in [4, 5, 9, 10, 11, 15, 16, 20, 39, 1000] {
            #expect(WeightFormat(ggmlTypeID: unsupported) == nil)
        }
    }

    @Test func activationFormatsFollowGGML() {
        #expect(WeightFormat.q4_0.activationFormat == .q8_0)
        #expect(WeightFormat.q5_0.activationFormat == .q8_0)
        #expect(WeightFormat.q8_0.activationFormat == .q8_0)
        #expect(WeightFormat.q4_1.activationFormat == .q8_1)
        #expect(WeightFormat.q5_1.activationFormat == .q8_1)
        #expect(WeightFormat.q4_K.activationFormat == .q8_K)
        #expect(WeightFormat.q5_K.activationFormat == .q8_K)
        #expect(WeightFormat.q6_K.activationFormat == .q8_K)
        #expect(WeightFormat.f16.activationFormat == .f32)
        #expect(ActivationFormat.q8_K.blockBytes == 292)
        #expect(ActivationFormat.q8_1.blockBytes == 36)
    }

    @Test func unsupportedTensorTypeNamesTheTensor() {
        #expect(throws: KernelError.unsupportedTensorType(tensor: "blk.3.ffn_down.weight", ggmlTypeID: 11)) {
            try WeightFormat.forTensor(named: "blk.3.ffn_down.weight", ggmlTypeID: 11)
        }
        let message = KernelError.unsupportedTensorType(tensor: "blk.3.ffn_down.weight", ggmlTypeID: 11).description
        #expect(message.contains("blk.3.ffn_down.weight"))
        #expect(message.contains("Q3_K"))
        #expect((try? WeightFormat.forTensor(named: "x", ggmlTypeID: 12)) == .q4_K)
    }

    @Test func matrixRejectsPartialBlocks() {
        let bytes = UnsafeMutableRawPointer.allocate(byteCount: 1024, alignment: 16)
        defer { bytes.deallocate() }
        #expect(throws: KernelError.rowLengthNotMultipleOfBlock(format: .q4_K, columns: 640)) {
            try WeightMatrix(format: .q4_K, rows: 1, columns: 640, base: bytes)
        }
    }
}
