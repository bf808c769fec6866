#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The harness libFuzzer calls once per input: runs the target named by `SWIFTLET_FUZZ_TARGET` on the bytes.
///
/// Every target turns its input into an error or a result and checks what it can of the result; a trap (a failed
/// precondition, an out-of-range index, an overflow) or an address-sanitizer report is a bug in the library.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    FuzzTarget.selected.run(bytes)
    return 0
}

/// libFuzzer's start-up hook: refuses to start without a valid target name, before any input runs.
@_cdecl("LLVMFuzzerInitialize")
public func fuzzInitialize(_ argc: UnsafeMutablePointer<CInt>?, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>?) -> CInt {
    _ = FuzzTarget.selected
    return 0
}
