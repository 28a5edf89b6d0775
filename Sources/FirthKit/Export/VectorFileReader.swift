import Foundation

/// Reads word vectors made elsewhere: word2vec text (with its header) or GloVe text (without).
///
/// The file is memory-mapped and read line by line; fields are separated by spaces or tabs
/// (the original word2vec tool ends each line with a space, which is allowed), lines by LF or
/// CRLF. Blank lines are skipped. Every line must hold a word and the same number of values,
/// each a finite number; the first line that does not is reported as `file:line` with what
/// was expected, so a truncated download or a stray header is found at once.
///
/// With `format` nil, a first line of exactly two integers is taken as a word2vec header
/// ("count dimensions"); anything else means GloVe. A GloVe file of one-dimensional vectors
/// whose first word is a number ("1990 0.5") looks like a header: pass `.glove` for such a file.
///
/// ```swift
/// let file = try VectorFileReader.read(path: "glove.6B.50d.txt")
/// file.words.count, file.vectors.columns, file.format   // 400000, 50, .glove
/// ```
public enum VectorFileReader {
    /// The vectors of a file, in file order, as written (not normalized).
    public struct Contents: Sendable {
        public var words: [String]
        public var vectors: DenseMatrix
        public var format: VectorFormat
    }

    /// Reads `path` as `format` (nil: detect it from the first line).
    ///
    /// - Throws: ``FirthError/badInput(location:reason:)`` with `path:line` for the first
    ///   malformed line: a missing or wrong header, a wrong number of values, a value that is
    ///   not a finite number, a word seen before, text that is not UTF-8.
    public static func read(path: String, format: VectorFormat? = nil) throws -> Contents {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        } catch {
            throw FirthError.badInput(location: path, reason: "cannot be read")
        }
        return try data.withUnsafeBytes { raw in
            try parse(raw.bindMemory(to: UInt8.self), path: path, format: format)
        }
    }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, path: String, format requested: VectorFormat?) throws -> Contents {
        var format = requested
        var dimensions: Int?
        var expectedCount: Int?
        var words: [String] = []
        var elements: [Float] = []
        var firstLine: [String: Int] = [:]
        var lineNumber = 0
        var start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0   // a UTF-8 byte order mark
        func fail(_ reason: String) -> FirthError { .badInput(location: "\(path):\(lineNumber)", reason: reason) }

        while start < bytes.count {
            lineNumber += 1
            var end = start
            while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
            let line = UnsafeBufferPointer(rebasing: bytes[start..<end])
            start = end + 1
            guard let text = String(validating: line, as: UTF8.self) else {
                throw fail("is not UTF-8 text (a binary word2vec file? save it with binary=False)")
            }
            let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            if fields.isEmpty { continue }

            if format == nil || (format == .word2vec && expectedCount == nil) {
                let header = fields.count == 2 ? (Int(fields[0]), Int(fields[1])) : (nil, nil)
                if let count = header.0, let size = header.1, count >= 0, size >= 1 {
                    (format, expectedCount, dimensions) = (.word2vec, count, size)
                    continue
                }
                if format == .word2vec {
                    let found = text.prefix(60)
                    throw FirthError.invalidParameters(
                        "\(path):\(lineNumber): expected the word2vec header 'count dimensions', found '\(found)' (for a file without a header, use \(parameter: "format") glove)")
                }
                format = .glove
            }
            let values = fields.count - 1
            guard values > 0 else { throw fail("'\(fields[0].prefix(60))' has no values after it") }
            if dimensions == nil { dimensions = values }
            guard values == dimensions else {
                throw fail("expected a word and \(dimensions!) values, found \(values) values after '\(fields[0])'")
            }
            if let expectedCount, words.count == expectedCount {
                throw fail("more vectors than the \(expectedCount) the header announces")
            }
            let word = String(fields[0])
            if let first = firstLine[word] { throw fail("'\(word)' appears again (first on line \(first))") }
            firstLine[word] = lineNumber
            for (i, field) in fields.dropFirst().enumerated() {
                guard let value = Float(field), value.isFinite else {
                    throw fail("value \(i + 1) of '\(word)', '\(field.prefix(30))', is not a finite number")
                }
                elements.append(value)
            }
            words.append(word)
        }
        if let expectedCount, words.count != expectedCount {
            throw FirthError.badInput(location: path, reason: "the header announces \(expectedCount) vectors, the file has \(words.count)")
        }
        guard let dimensions, !words.isEmpty else { throw FirthError.badInput(location: path, reason: "has no vectors") }
        return Contents(words: words, vectors: DenseMatrix(rows: words.count, columns: dimensions, elements: elements),
                        format: format ?? .glove)
    }
}
