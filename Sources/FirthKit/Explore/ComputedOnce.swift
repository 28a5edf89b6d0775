import Foundation

/// Values made once per key and kept, for caches that concurrent requests share.
///
/// Why not one lock around a cache: a map, a word choice or a language model takes a second or
/// more to make, and a lock held meanwhile stops every other request behind it (a nearest-words
/// answer from the cache included). Here the shared lock is held only to look a key up; the
/// making runs under a lock of that key alone, so a second request for the same key waits for
/// the first one's value instead of making it again, and requests for other keys go on.
///
/// ```swift
/// let maps = ComputedOnce<String, WordMapAnswer>(limit: 32)
/// let answer = try maps.value("svd\u{0}300") { try makeMap() }   // made once, then kept
/// ```
final class ComputedOnce<Key: Hashable & Sendable, Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Key: Value] = [:]
    /// One lock per key being made.
    private var making: [Key: NSLock] = [:]
    /// The most values kept; when full, all are dropped (keys are few; a client asking for ever
    /// new ones must not grow memory without end).
    let limit: Int
    private var made = 0

    init(limit: Int = 64) {
        precondition(limit > 0, "a cache keeps at least one value")
        self.limit = limit
    }

    /// The value kept for `key`, or `make`'s, kept. `make` runs without the shared lock held.
    func value(_ key: Key, _ make: () throws -> Value) throws -> Value {
        lock.lock()
        if let value = values[key] { lock.unlock(); return value }
        let keyLock = making[key] ?? NSLock()
        making[key] = keyLock
        lock.unlock()
        keyLock.lock()
        defer { keyLock.unlock() }
        // Made meanwhile by the request this one waited for?
        if let value = lock.withLock({ values[key] }) { return value }
        do {
            let value = try make()
            lock.withLock {
                if values.count >= limit { values.removeAll(keepingCapacity: true) }
                values[key] = value
                made += 1
                making[key] = nil
            }
            return value
        } catch {
            lock.withLock { making[key] = nil }
            throw error
        }
    }

    /// Drops the values whose key `shouldDrop` names (a value being made is kept when done).
    func removeAll(where shouldDrop: (Key) -> Bool) {
        lock.withLock { values = values.filter { !shouldDrop($0.key) } }
    }

    /// The value kept for `key`, if any (never makes one).
    func cached(_ key: Key) -> Value? {
        lock.withLock { values[key] }
    }

    /// How many values were made so far (for tests: a kept value is never made again).
    var madeCount: Int { lock.withLock { made } }
}
