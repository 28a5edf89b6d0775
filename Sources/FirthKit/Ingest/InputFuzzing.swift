import Foundation

/// The properties `make fuzz` checks on arbitrary bytes, and the regression tests replay on every
/// input the fuzzer ever found failing (Tests/FirthKitTests/Ingest/FuzzRegressions).
///
/// The first byte chooses the reader; the rest is the input. Each check stops the process
/// (`preconditionFailure`) when a property fails, which is what a fuzzer catches as a crash.
enum InputFuzzing {
    static func check(_ input: [UInt8]) {
        guard let selector = input.first else { return }
        let bytes = Array(input.dropFirst())
        switch selector % 3 {
        case 0: checkDecodingAndTokenizing(bytes)
        case 1: checkCSV(bytes)
        default: checkJSONLines(bytes)
        }
    }

    /// Decoding never fails on text (only on binary), leaves no CR, and tokenizing is stable:
    /// the words of the words, joined by spaces, are the same words.
    static func checkDecodingAndTokenizing(_ bytes: [UInt8]) {
        guard let decoded = try? TextDecoding.decode(Data(bytes)) else { return }
        // A CR stays only where a combining mark follows it (see TextDecoding.normalizeLineEnds).
        let utf8 = Array(decoded.text.utf8)
        for (i, byte) in utf8.enumerated() where byte == 13 {
            precondition(i + 1 < utf8.count && utf8[i + 1] >= 0x80, "a CR survived line-end normalization")
        }
        precondition(decoded.replacementLines.count <= min(decoded.replacements, TextDecoding.linesNamed))
        for settings in [Tokenizer.Settings(), Tokenizer.Settings(caseFolding: false, keepHyphens: true)] {
            let tokenizer = Tokenizer(settings: settings)
            let tokens = tokenizer.tokenize(decoded.text)
            var lastSentence = 0
            for token in tokens {
                precondition(!token.word.isEmpty, "an empty word")
                precondition(token.sentence >= lastSentence && token.sentence <= lastSentence + 1, "sentence numbers jump")
                lastSentence = token.sentence
                precondition(!token.word.unicodeScalars.contains { $0.properties.isWhitespace }, "whitespace inside '\(token.word)'")
            }
            let words = tokens.map(\.word)
            precondition(tokenizer.words(decoded.text) == words, "words(_:) and tokenize(_:) disagree")
            let again = tokenizer.words(words.joined(separator: " "))
            precondition(again == words, "re-tokenizing changed \(words) into \(again)")
        }
    }

    /// CSV: every record the parser returns, written back with RFC 4180 quoting, reads back the same.
    static func checkCSV(_ bytes: [UInt8]) {
        guard let decoded = try? TextDecoding.decode(Data(bytes)) else { return }
        var text = decoded.text
        let records: [[String]] = text.withUTF8 { buffer in
            var parser = CSVParser(bytes: buffer)
            var records: [[String]] = []
            var lastLine = 0
            while true {
                switch parser.next() {
                case .end: return records
                case let .malformed(line, _):
                    precondition(line > lastLine, "the parser did not move on")
                    lastLine = line
                case let .record(fields, line):
                    precondition(line > lastLine, "the parser did not move on")
                    lastLine = line
                    records.append(fields)
                }
            }
        }
        // Quoted byte by byte: Foundation's replacingOccurrences would see a quote followed by a
        // combining mark as one character and leave it undoubled.
        var bytes: [UInt8] = []
        for (r, fields) in records.enumerated() {
            if r > 0 { bytes.append(10) }
            for (f, field) in fields.enumerated() {
                if f > 0 { bytes.append(44) }
                bytes.append(34)
                for byte in field.utf8 { bytes += byte == 34 ? [34, 34] : [byte] }
                bytes.append(34)
            }
        }
        var rewritten = String(decoding: bytes, as: UTF8.self)
        let reread: [[String]] = rewritten.withUTF8 { buffer in
            var parser = CSVParser(bytes: buffer)
            var records: [[String]] = []
            while case let .record(fields, _) = parser.next() { records.append(fields) }
            return records
        }
        precondition(reread == records, "CSV round trip changed \(records) into \(reread)")
        CSVRecordReader(textColumn: "text").read(decoded.text, source: "fuzz") { _ in }
    }

    /// JSON Lines: reading never fails, and gives at most one record per line.
    static func checkJSONLines(_ bytes: [UInt8]) {
        guard let decoded = try? TextDecoding.decode(Data(bytes)) else { return }
        var records = 0
        JSONLinesReader(textField: "text").read(decoded.text, source: "fuzz") { _ in records += 1 }
        precondition(records <= decoded.text.split(separator: "\n", omittingEmptySubsequences: false).count)
    }
}
