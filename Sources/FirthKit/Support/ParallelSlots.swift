import Foundation

/// One result slot per parallel task, written under a lock.
///
/// `DispatchQueue.concurrentPerform` runs closures on several threads; each writes only its own
/// slot, and the caller reads ``values`` after all have finished.
final class ParallelSlots<Value>: @unchecked Sendable {
    private var storage: [Value?]
    private let lock = NSLock()

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    subscript(index: Int) -> Value? {
        get { lock.lock(); defer { lock.unlock() }; return storage[index] }
        set { lock.lock(); storage[index] = newValue; lock.unlock() }
    }

    var values: [Value?] { lock.lock(); defer { lock.unlock() }; return storage }
}
