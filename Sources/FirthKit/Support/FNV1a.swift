/// 64-bit FNV-1a (Fowler, Noll, Vo): a fast, simple hash of bytes, for the ingester's content
/// hash (deduplication, confirmed by comparing the text) and the vocabulary's ASCII cache.
enum FNV1a {
    static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325
    static let prime: UInt64 = 0x100_0000_01b3

    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash = offsetBasis
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* prime }
        return hash
    }
}
