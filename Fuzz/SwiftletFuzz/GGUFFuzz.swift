import GGUF

/// A GGUF file parsed from memory (the parser sees exactly the input's bytes: address sanitizer reports any read
/// past them). A file that parses must describe only tensors whose data lies inside it, and every metadata value
/// must be readable through each accessor the loaders use.
enum GGUFFuzz {
    static func run(_ bytes: [UInt8]) {
        let file: GGUFFile
        do {
            file = try GGUFFile(bytes: bytes, name: "fuzz.gguf")
        } catch {
            FuzzCheck.require(!error.message.isEmpty, "a GGUF error without a message")
            // An offset may point past the end: where missing tensor data should have been.
            if let offset = error.offset { FuzzCheck.require(offset >= 0, "negative error offset \(offset)") }
            _ = error.description
            return
        }
        FuzzCheck.require(file.dataOffset >= 0 && file.fileSize == bytes.count, "bad data offset or file size")
        for tensor in file.tensors {
            FuzzCheck.require(file.dataOffset + tensor.offset + tensor.byteCount <= bytes.count, "tensor \(tensor.name) past the end")
            FuzzCheck.require(file.tensor(named: tensor.name) != nil, "tensor \(tensor.name) not found by name")
            let data = file.data(for: tensor)
            FuzzCheck.require(data.count == tensor.byteCount, "tensor \(tensor.name) data size")
            _ = data.first
            _ = data.last
            _ = (tensor.elementCount, tensor.rowCount, tensor.rowBytes)
        }
        for key in file.metadata.keys {
            guard let value = file.metadata[key] else { FuzzCheck.fail("metadata key \(key) has no value") }
            _ = value.description
            _ = (value.intValue, value.doubleValue, value.boolValue, value.stringValue)
            if let array = value.arrayValue {
                _ = (array.strings, array.floats(), array.ints())
                for element in array.prefix(64) { _ = element.description }
            }
        }
        _ = file.architecture
        let trimmed = file.droppingLargeArrays(maxCount: 4)
        FuzzCheck.require(trimmed.metadata.count + trimmed.droppedMetadataKeys.count == file.metadata.count, "metadata lost in trimming")
    }
}
