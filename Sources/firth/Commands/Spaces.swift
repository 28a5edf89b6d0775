import ArgumentParser
import Foundation
import FirthKit

struct Spaces: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spaces",
        abstract: "List the stored co-occurrence tables (and embeddings) with their parameters.",
        discussion: """
        Each is a 'space' of word vectors; pass a table's name to --space and an embedding's to \
        --embedding in the query commands. Every knob that made it is listed: for a table those of \
        `firth count`, for an embedding those of its method (`firth embed`, `firth skipgram`, \
        `firth combine`; imported vectors have none), each named as its flag.

        With --format json each entry has its count knobs under "counts" (a table's own, or the \
        table an SVD factored) and its embedding knobs under "embedding", typed (numbers, strings, \
        booleans, null for "not set"); csv and tsv spell them as columns counts.NAME and \
        embedding.NAME, named as stored in the database's JSON.
        """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let store = try store.openForReading()
        let tables = try store.cooccurrenceTables()
        let byID = Dictionary(uniqueKeysWithValues: tables.map { ($0.id, $0) })
        var entries = tables.map { t in
            Entry(name: t.name, kind: t.engine == .sqlite ? "counts" : "counts (\(t.engine.rawValue))", words: t.vocabularySize, nonzero: t.nonzeroCount, total: t.total,
                  seconds: t.seconds, created: t.createdAt, status: t.isStale ? "stale: corpus changed" : "current",
                  source: nil, counts: t.parameters.knobs, embedding: nil)
        }
        for e in try store.embeddings() {
            let status: String
            switch e.source {
            case .imported: status = "imported"
            case .sgns: status = e.isStale ? "stale: corpus changed" : "trained on the corpus"
            case .combined: status = "combined"
            case .svd:
                if let id = e.tableID, let t = byID[id] { status = t.isStale ? "stale: corpus changed" : "from \(t.name)" }
                else { status = "its counts were deleted" }
            }
            entries.append(Entry(name: e.name, kind: "vectors \(e.dimensions)d", words: e.vocabularySize, nonzero: nil, total: nil,
                                 seconds: e.seconds, created: e.createdAt, status: status, source: e.source.kind.rawValue,
                                 counts: e.source.counts?.knobs, embedding: e.source.knobs))
        }
        switch output.format {
        case .json: print(try Self.json(entries), terminator: "")
        case .table: output.print(Self.humanTable(entries))
        case .csv, .tsv: output.print(Self.flatTable(entries))
        }
    }

    /// One table or embedding as listed.
    struct Entry: Encodable {
        var name: String
        var kind: String
        var words: Int
        var nonzero: Int?
        var total: Double?
        var seconds: Double
        var created: String
        var status: String
        /// The embedding's method as stored (`svd`, `sgns`, `concat`, `import`); nil for a table.
        var source: String?
        var counts: [Knob]?
        var embedding: [Knob]?

        enum CodingKeys: String, CodingKey { case name, kind, words, nonzero, total, seconds, created, status, source, counts, embedding }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(kind, forKey: .kind)
            try c.encode(words, forKey: .words)
            try c.encode(nonzero, forKey: .nonzero)
            try c.encode(total, forKey: .total)
            try c.encode(seconds, forKey: .seconds)
            try c.encode(created, forKey: .created)
            try c.encode(status, forKey: .status)
            try c.encode(source, forKey: .source)
            try c.encode(counts.map(Self.object), forKey: .counts)
            try c.encode(embedding.map(Self.object), forKey: .embedding)
        }

        static func object(_ knobs: [Knob]) -> [String: Knob.Value] {
            Dictionary(knobs.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
        }
    }

    /// The base columns every format shares, as `firth spaces` has always listed them.
    static let columns = ["name", "kind", "words", "nonzero", "total", "seconds", "created", "status"]

    static func baseCells(_ e: Entry) -> [Table.Cell] {
        [.text(e.name), .text(e.kind), .integer(e.words), e.nonzero.map { .integer($0) } ?? .empty,
         e.total.map { .real($0, digits: 0) } ?? .empty, .real(e.seconds, digits: 2), .text(e.created), .text(e.status)]
    }

    /// For people: one column of `flag=value` pairs, the knobs of a table or of an embedding's method.
    static func humanTable(_ entries: [Entry]) -> Table {
        var table = Table(columns: columns + ["parameters"])
        for e in entries {
            let knobs = (e.embedding ?? e.counts ?? []).map { knob in
                String(ParameterFlags.flag(for: knob.name).dropFirst(2)) + "=" + text(knob.value)
            }
            table.append(baseCells(e) + [.text(knobs.isEmpty ? "none recorded" : knobs.joined(separator: " "))])
        }
        return table
    }

    /// For scripts: a column per knob, counts.NAME and embedding.NAME, in the order first met.
    static func flatTable(_ entries: [Entry]) -> Table {
        var names: [String] = []
        for e in entries {
            for name in (e.counts ?? []).map({ "counts." + $0.name }) + (e.embedding ?? []).map({ "embedding." + $0.name })
            where !names.contains(name) { names.append(name) }
        }
        let countNames = names.filter { $0.hasPrefix("counts.") }, embeddingNames = names.filter { $0.hasPrefix("embedding.") }
        var table = Table(columns: columns + ["source"] + countNames + embeddingNames)
        for e in entries {
            let values = Dictionary((e.counts ?? []).map { ("counts." + $0.name, $0.value) } + (e.embedding ?? []).map { ("embedding." + $0.name, $0.value) },
                                    uniquingKeysWith: { $1 })
            table.append(baseCells(e) + [e.source.map { .text($0) } ?? .empty]
                         + (countNames + embeddingNames).map { values[$0].map(cell) ?? .empty })
        }
        return table
    }

    static func json(_ entries: [Entry]) throws -> String {
        let encoder = JSONEncoder()
        // Sorted keys: the same text in every process (Linux's JSONEncoder does not keep their order).
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(entries), as: UTF8.self) + "\n"
    }

    static func cell(_ value: Knob.Value) -> Table.Cell {
        switch value {
        case let .integer(i): return .integer(i)
        case let .real(d): return .text(String(format: "%g", d))
        case .none: return .empty
        default: return .text(text(value))
        }
    }

    static func text(_ value: Knob.Value) -> String {
        switch value {
        case let .integer(i): return String(i)
        case let .real(d): return String(format: "%g", d)
        case let .text(s): return s
        case let .flag(b): return b ? "true" : "false"
        case let .list(values): return values.map(text).joined(separator: ",")
        case .none: return "none"
        }
    }
}
