import Foundation

/// Advice to back large, freshly allocated arrays with 2 MB pages.
///
/// A query command fills tens of megabytes of new arrays (an embedding's matrix, its half-precision
/// copy, an n-gram model's levels). In 4 KB pages each first touch is a page fault, and on this
/// project's virtual machines a fault costs about 10 µs: 14,600 of them were most of `firth
/// predict`'s system time (BENCHMARKS.md). With `MADV_HUGEPAGE` Linux maps 2 MB at a time where its
/// transparent huge pages are on ("madvise" or "always"), 512 times fewer faults.
enum HugePages {
    static let size = 2 << 20

    /// Advises the whole 2 MB pages inside `buffer` (none when it holds no aligned 2 MB range).
    /// Advice only: nothing changes where the kernel does not follow it.
    static func advise(_ buffer: UnsafeMutableRawBufferPointer) {
        #if os(Linux)
        guard buffer.count >= size, let base = buffer.baseAddress else { return }
        let start = (Int(bitPattern: base) + size - 1) & ~(size - 1)
        let end = (Int(bitPattern: base) + buffer.count) & ~(size - 1)
        if end > start { _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, MADV_HUGEPAGE) }
        #endif
    }

    /// `advise(_:)` over a typed buffer.
    static func advise<T>(_ buffer: UnsafeMutableBufferPointer<T>) {
        advise(UnsafeMutableRawBufferPointer(buffer))
    }
}
