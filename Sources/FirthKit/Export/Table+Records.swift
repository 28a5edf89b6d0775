import Foundation

/// The tables people and scripts see of what the store returns: the store hands out records,
/// and these build the display ``Table`` of each (the CLI prints them, ``Exporter`` writes them).
extension Table {
    /// `document,source,collection,tokens,sentences,encoding`: one row per document.
    public init(_ documents: [DocumentSummary]) {
        self.init(columns: ["document", "source", "collection", "tokens", "sentences", "encoding"])
        for d in documents {
            append([.integer(Int(d.documentID)), .text(d.source), .text(d.collection), .integer(d.tokens),
                    .integer(d.sentences), .text(d.encoding)])
        }
    }

    /// `rank,word,count,per_million`: a frequency list, most frequent first.
    public init(_ list: FrequencyList) {
        self.init(columns: ["rank", "word", "count", "per_million"])
        for (rank, entry) in list.words.enumerated() {
            append([.integer(rank + 1), .text(entry.word), .integer(entry.count), .real(list.perMillion(entry.count), digits: 1)])
        }
    }

    /// `rank,collocate,count,<measure>`, titled with the word, the measure and the table.
    public init(_ list: CollocateList) {
        self.init(columns: ["rank", "collocate", "count", list.measure.rawValue],
                  title: "collocates of '\(list.word)' by \(list.measure.rawValue) in \(list.table)")
        for (rank, collocate) in list.collocates.enumerated() {
            let count = collocate.count
            append([.integer(rank + 1), .text(collocate.word), .real(count, digits: count.rounded() == count ? 0 : 2),
                    .real(collocate.value)])
        }
    }

    /// `word,<word 1>,<word 2>,…`: rows are words, columns contexts; an undefined value (the PMI
    /// of a pair never seen, −∞) is a blank.
    public init(_ matrix: AssociationMatrix) {
        self.init(columns: ["word"] + matrix.words,
                  title: "\(matrix.measure.rawValue) in \(matrix.table) (rows: words, columns: contexts)")
        let digits = matrix.isWholeNumbers ? 0 : 2
        for (word, row) in zip(matrix.words, matrix.values) {
            append([.text(word)] + row.map { value in value.map { .real($0, digits: digits) } ?? .empty })
        }
    }
}
