import Foundation

/// Readers for the evaluation sets in `../shared/benchmarks`: word pairs with human scores, and
/// analogy questions.
///
/// Word-pair files hold `word1 word2 score` per line, separated by tabs or spaces, with no
/// header (WordSim-353, SimLex-999, MEN, RG-65). Analogy files hold `a b c d` per line, with
/// `: section-name` lines starting sections (the Google set). Words are lowercased; blank lines
/// and lines starting with `#` are skipped.
public enum BenchmarkFiles {
    public struct WordPair: Sendable, Equatable {
        public var first: String
        public var second: String
        public var score: Double
    }

    public struct AnalogyQuestion: Sendable, Equatable {
        public var section: String
        public var a: String, b: String, c: String, d: String
    }

    static func lines(of path: String) throws -> [(number: Int, text: String)] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FirthError.badInput(location: path, reason: "cannot be read")
        }
        return try lines(in: data, location: path)
    }

    /// The numbered lines of a file's bytes, blank lines and `#` comments left out.
    ///
    /// Decoded as ingest decodes (UTF-16 with or without a BOM, Latin-1); a binary file is an
    /// error, not an empty set that would score nan over 0 pairs.
    static func lines(in data: Data, location: String) throws -> [(number: Int, text: String)] {
        let text: String
        do {
            text = try TextDecoding.decode(data).text
        } catch {
            throw FirthError.badInput(location: location, reason: error.reason)
        }
        return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { i, line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            return trimmed.isEmpty || trimmed.hasPrefix("#") ? nil : (i + 1, trimmed)
        }
    }

    static func fields(_ line: String) -> [String] {
        line.split(whereSeparator: { $0 == "\t" || $0 == " " }).map { String($0) }
    }

    /// The word pairs of a file, or those of one half of it (``Split``).
    public static func wordPairs(at path: String, split: Split = .all) throws -> [WordPair] {
        let pairs = try lines(of: path).map { number, line in
            let parts = fields(line)
            guard parts.count >= 3, let score = Double(parts[2]) else {
                throw FirthError.badInput(location: "\(path):\(number)", reason: "expected 'word1 word2 score', got '\(line)'")
            }
            return WordPair(first: parts[0].lowercased(), second: parts[1].lowercased(), score: score)
        }
        guard !pairs.isEmpty else { throw FirthError.badInput(location: path, reason: "has no word pairs ('word1 word2 score' lines)") }
        return pairs.filter(split.contains)
    }

    /// The analogy questions of a file, or those of one half of it (``Split``).
    public static func analogies(at path: String, split: Split = .all) throws -> [AnalogyQuestion] {
        var section = "all"
        var questions: [AnalogyQuestion] = []
        for (number, line) in try lines(of: path) {
            if line.hasPrefix(":") {
                section = line.dropFirst().trimmingCharacters(in: .whitespaces)
                continue
            }
            let parts = fields(line).map { $0.lowercased() }
            guard parts.count == 4 else {
                throw FirthError.badInput(location: "\(path):\(number)", reason: "expected 'a b c d', got '\(line)'")
            }
            questions.append(AnalogyQuestion(section: section, a: parts[0], b: parts[1], c: parts[2], d: parts[3]))
        }
        guard !questions.isEmpty else { throw FirthError.badInput(location: path, reason: "has no analogy questions ('a b c d' lines)") }
        return questions.filter(split.contains)
    }
}
