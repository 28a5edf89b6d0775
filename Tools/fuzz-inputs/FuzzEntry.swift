// libFuzzer entry point for `make fuzz`: built with `swiftc -sanitize=fuzzer,address` together with
// the reader and tokenizer sources (see the Makefile); the properties live in FirthKit's
// InputFuzzing.swift, so the regression tests replay kept inputs through the same checks.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    InputFuzzing.check(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
