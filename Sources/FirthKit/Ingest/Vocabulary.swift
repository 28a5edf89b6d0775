/// The corpus's words and their ids while ingesting: every token is looked up here.
///
/// The authority is a `[String: Int]` from word to entry, as a plain dictionary would do it:
/// Swift compares strings by canonical equivalence, so "café" with a precomposed é and with
/// e + U+0301 is one word, stored in the form seen first. Asking it for each of millions of
/// tokens costs a `String` and a SipHash per token, though, so ASCII tokens (nearly all of
/// English text) first try a cache keyed by their bytes: an open-addressing table holding
/// what the dictionary answered for those bytes before. A miss goes to the dictionary, which
/// decides, so the cache never answers differently from it.
///
/// Entries are numbered 0, 1, 2, ... in the order added, so callers can keep per-word
/// counters in plain arrays; each entry has the word id stored in the database.
struct Vocabulary {
    /// word -> entry; the authority.
    private var entries: [String: Int] = [:]
    /// entry -> (word, id), in the order added.
    private var words: [(word: String, id: Int64)] = []
    /// The id the next new word gets.
    private(set) var nextID: Int64 = 1

    // The ASCII cache: slots of a linear-probing table whose keys are byte ranges of `keyBytes`.
    private struct Slot {
        var hash: UInt64 = 0        // 0: empty (stored hashes have their top bit set)
        var start: Int = 0
        var length: Int = 0
        var entry: Int = 0
    }
    private var slots = [Slot](repeating: Slot(), count: 1 << 12)
    private var cached = 0
    private var keyBytes: [UInt8] = []

    init() {}

    /// Number of entries (not all of them need be reachable: see ``load(word:id:)``).
    var count: Int { words.count }

    func id(of entry: Int) -> Int64 { words[entry].id }
    func word(of entry: Int) -> String { words[entry].word }

    /// Adds a word read from the database, as a dictionary assignment would: a later word
    /// equal to an earlier one takes its place. The next new id is past the largest seen.
    mutating func load(word: String, id: Int64) {
        entries[word] = words.count
        words.append((word, id))
        nextID = max(nextID, id + 1)
    }

    /// The entry of a word given as a `String`, added with the next id if new.
    mutating func entry(of word: String) -> (entry: Int, isNew: Bool) {
        if let known = entries[word] { return (known, false) }
        let entry = words.count
        entries[word] = entry
        words.append((word, nextID))
        nextID += 1
        return (entry, true)
    }

    /// The entry of an ASCII word given as its UTF-8 bytes, added with the next id if new.
    mutating func entry(ascii bytes: UnsafeBufferPointer<UInt8>) -> (entry: Int, isNew: Bool) {
        let hash = Self.hash(bytes)
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: hash) & mask
        while slots[i].hash != 0 {
            if slots[i].hash == hash && slots[i].length == bytes.count && keyEquals(slots[i].start, bytes) {
                return (slots[i].entry, false)
            }
            i = (i + 1) & mask
        }
        let found = entry(of: String(decoding: bytes, as: UTF8.self))
        slots[i] = Slot(hash: hash, start: keyBytes.count, length: bytes.count, entry: found.entry)
        keyBytes.append(contentsOf: bytes)
        cached += 1
        if cached * 2 > slots.count { rehash(capacity: slots.count * 2) }
        return found
    }

    /// Forgets the entries from `count` on (the new words of a document that was not stored)
    /// and gives their ids back.
    mutating func removeEntries(from count: Int) {
        guard count < words.count else { return }
        for (word, _) in words[count...] { entries.removeValue(forKey: word) }
        nextID -= Int64(words.count - count)
        words.removeSubrange(count...)
        // The cache may point at removed entries; start it afresh (this is the rare path).
        slots = [Slot](repeating: Slot(), count: 1 << 12)
        cached = 0
        keyBytes = []
    }

    private func keyEquals(_ start: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        keyBytes.withUnsafeBufferPointer { keys in
            for j in 0..<bytes.count where keys[start + j] != bytes[j] { return false }
            return true
        }
    }

    private mutating func rehash(capacity: Int) {
        var new = [Slot](repeating: Slot(), count: capacity)
        let mask = capacity - 1
        for slot in slots where slot.hash != 0 {
            var i = Int(truncatingIfNeeded: slot.hash) & mask
            while new[i].hash != 0 { i = (i + 1) & mask }
            new[i] = slot
        }
        slots = new
    }

    /// 64-bit FNV-1a with the top bit set, so never 0 (0 marks an empty slot); slots are
    /// chosen by the low bits.
    @inline(__always)
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        FNV1a.hash(bytes) | (1 << 63)
    }
}
