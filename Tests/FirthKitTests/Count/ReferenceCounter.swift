import Foundation
@testable import FirthKit

/// A plain in-memory co-occurrence count, written only for the tests, to check the SQL against.
///
/// It follows the definitions directly: for every token i and every later token j within the
/// window (same document, and same sentence for sentence boundaries), the pair (left, right)
/// gets the weight of distance j − i.
struct ReferenceCounter {
    struct Token { var word: String; var sentence: Int }
    /// Documents as token lists (sentence numbers as the tokenizer gives them).
    var documents: [[Token]]

    init(texts: [String], tokenizer: Tokenizer = Tokenizer()) {
        documents = texts.map { tokenizer.tokenize($0).map { Token(word: $0.word, sentence: $0.sentence) } }
    }

    /// The vocabulary a count keeps: frequency ≥ min count, most frequent first, ties by first
    /// appearance (the word ids the ingester gives), at most maxVocabulary.
    func vocabulary(_ p: CountParameters) -> Set<String> {
        var frequency: [String: Int] = [:]
        var order: [String] = []
        for token in documents.joined() {
            if frequency[token.word] == nil { order.append(token.word) }
            frequency[token.word, default: 0] += 1
        }
        let kept = order.enumerated().filter { frequency[$0.element]! >= p.minCount }
            .sorted { (frequency[$0.element]!, -$0.offset) > (frequency[$1.element]!, -$1.offset) }
            .map(\.element)
        return Set(p.maxVocabulary.map { Array(kept.prefix($0)) } ?? kept)
    }

    func count(_ p: CountParameters) -> [String: [String: Double]] {
        precondition(p.subsample == nil, "the reference does not subsample")
        let vocabulary = vocabulary(p)
        var matrix: [String: [String: Double]] = [:]
        for document in documents {
            // Dropped words either keep their places (nil) or are deleted first.
            let slots: [Token?] = p.gaps == .keep
                ? document.map { vocabulary.contains($0.word) ? $0 : nil }
                : document.filter { vocabulary.contains($0.word) }
            for i in slots.indices {
                guard let left = slots[i] else { continue }
                for d in 1...p.window where i + d < slots.count {
                    guard let right = slots[i + d] else { continue }
                    if p.boundary == .sentence && right.sentence != left.sentence { continue }
                    let weight: Double
                    switch p.weighting {
                    case .uniform: weight = 1
                    case .harmonic: weight = 1 / Double(d)
                    case .linear: weight = Double(p.window - d + 1) / Double(p.window)
                    }
                    switch p.direction {
                    case .right: matrix[left.word, default: [:]][right.word, default: 0] += weight
                    case .left: matrix[right.word, default: [:]][left.word, default: 0] += weight
                    case .both:
                        matrix[left.word, default: [:]][right.word, default: 0] += weight
                        matrix[right.word, default: [:]][left.word, default: 0] += weight
                    }
                }
            }
        }
        return matrix
    }
}
