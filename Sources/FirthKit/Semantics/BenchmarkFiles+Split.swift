import Foundation

extension BenchmarkFiles {
    /// Which half of a benchmark to score: every item, or one of two fixed, disjoint halves.
    ///
    /// Defaults are chosen on the ``tuning`` half and reported on the ``report`` half (and on
    /// ``all``), so that no figure that chose a default is also the figure that shows it works.
    /// An item's half depends on its words alone, not on its file or position: the 64-bit FNV-1a
    /// hash of its words (lowercased; a pair's two words in alphabetical order; a question's a b c d
    /// in order) joined by single spaces, tuning when the hash's top bit is 0. A pair that appears
    /// in several files (WS-353 and its SIM and REL parts, MC-30 inside RG-65) is in the same half
    /// in all of them, and the halves hold about as many items each.
    public enum Split: String, CaseIterable, Codable, Sendable {
        /// Every pair and question.
        case all
        /// The half for choosing defaults.
        case tuning
        /// The other half, for reporting them.
        case report

        /// Whether `pair` is in this half.
        public func contains(_ pair: WordPair) -> Bool {
            contains(key: [pair.first, pair.second].sorted().joined(separator: " "))
        }

        /// Whether `question` is in this half.
        public func contains(_ question: AnalogyQuestion) -> Bool {
            contains(key: [question.a, question.b, question.c, question.d].joined(separator: " "))
        }

        func contains(key: String) -> Bool {
            switch self {
            case .all: return true
            case .tuning: return Self.hash(key) >> 63 == 0
            case .report: return Self.hash(key) >> 63 == 1
            }
        }

        /// 64-bit FNV-1a of the UTF-8 bytes.
        static func hash(_ key: String) -> UInt64 {
            var hash: UInt64 = 0xcbf2_9ce4_8422_2325
            for byte in key.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01b3
            }
            return hash
        }
    }
}
