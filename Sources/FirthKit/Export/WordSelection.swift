import Foundation

/// Which words an export covers: all of them, a list, or the most frequent N.
///
/// A dense matrix needs a list or a top N: the full vocabulary × vocabulary matrix of even a
/// small corpus has billions of cells, nearly all zero, so it is never written out whole.
///
/// ```swift
/// let selection = WordSelection.words(["river", "water", "loan"])
/// ```
public enum WordSelection: Sendable, Equatable {
    /// Every word (sparse matrices and embeddings only).
    case all
    /// These words, in this order.
    case words([String])
    /// The N most frequent words of the table or embedding.
    case top(Int)

    /// Words listed one per line in a file (blank lines skipped), for word lists too long or too
    /// odd (commas) for `--words a,b,c`.
    public static func wordList(at path: String) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FirthError.badInput(location: path, reason: "cannot be read")
        }
        return String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
            .map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
            .filter { !$0.isEmpty }
    }

    /// Throws when a word is listed twice: a matrix row or vector twice over is a mistake, not a request.
    static func checkNoDuplicates(_ words: [String]) throws {
        var seen = Set<String>()
        for word in words where !seen.insert(word).inserted {
            throw FirthError.invalidOption("'\(word)' is listed twice in the word list")
        }
    }
}
