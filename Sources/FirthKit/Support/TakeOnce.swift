import Foundation

/// A value handed over once: ``take()`` returns it and keeps nothing.
///
/// Work given to another thread or queue is released by whoever holds it last, and when that
/// is not the code that ran it, the objects it captured outlive the work by an unknown time:
/// a ``CorpusStore`` keeps its writer lock, or is deinitialized where it must not be (see
/// ``DetachedThread``). Holding the work in a `TakeOnce` lets the code that runs it release it
/// at a known point.
///
/// ```swift
/// let box = TakeOnce({ print("ran once") })
/// box.take()?()   // runs, then the closure is released here
/// box.take()?()   // nil: nothing left
/// ```
final class TakeOnce<Value>: @unchecked Sendable {
    // @unchecked: the value is read and cleared under the lock only.
    private let lock = NSLock()
    private var value: Value?

    init(_ value: Value) { self.value = value }

    /// The value, the first time; nil after.
    func take() -> Value? {
        lock.withLock {
            defer { value = nil }
            return value
        }
    }
}
