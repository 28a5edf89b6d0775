import ArgumentParser
import FirthKit

struct SubcorpusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subcorpus",
        abstract: "Name a part of the collection (by year, metadata or source path) to count, list or compare on its own.",
        discussion: """
        A subcorpus is a stored list of documents: the ones that met its definition when it was \
        defined (documents ingested later are not added), kept with the definition so a count or \
        a keyword list made from it can be made again. Pass its name to --subcorpus of vocab, \
        concordance, count, collocates, embed, skipgram, ngrams, keywords, dispersion \
        and report, or to --from and --to of shift.

        Examples:
          firth subcorpus define modern --where "year >= 1945" --source 'state_union/*'
          firth subcorpus define early --where "year < 1945 and collection = speeches"
          firth subcorpus list
          firth keywords --subcorpus modern --reference early
        """,
        subcommands: [Define.self, List.self, Show.self, Drop.self])

    /// One row per subcorpus: what `define` made, or what `list` finds.
    static func table(_ parts: [Subcorpus]) -> Table {
        var table = Table(columns: ["name", "documents", "tokens", "definition"])
        for part in parts {
            table.append([.text(part.name), .integer(part.documents), .integer(part.tokens), .text(part.definition.summary)])
        }
        return table
    }

    struct Define: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "define",
            abstract: "Store the documents that meet a condition under a name.",
            discussion: """
            --where is a small language, not SQL: comparisons `field op value` joined by and, or, \
            not and parentheses; op is =, !=, <, <=, >, >=; a value is a number, a word or quoted \
            text. Fields: year (a `year` JSON Lines field or CSV column, else the four digits a \
            file name begins with, as in 1945-Truman.txt), source (the path as ingested), \
            collection (the --corpus label of the ingest), document (its id), tokens (its length), \
            and any JSON Lines field or CSV column by name ("quoted" if it has spaces). A number \
            compares numerically; a document without the field, or with text where a number is \
            asked, does not match. --source is a glob (*, ?, [...]) on the source path, matched \
            against the whole path or its end after a /. Given both, a document must meet both.
            """)

        @Argument(help: "The subcorpus's name (letters, digits, '_', '-', '.').")
        var name: String

        @Option(name: .customLong("where"), help: ArgumentHelp("A condition on the documents' fields, e.g. \"year >= 1945 and party = Democrat\".", valueName: "condition"))
        var condition: String?

        @Option(name: .long, help: ArgumentHelp("A glob on the documents' source paths, e.g. 'state_union/*'.", valueName: "glob"))
        var source: String?

        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func validate() throws {
            if condition == nil && source == nil { throw ValidationError("give --where CONDITION, --source GLOB, or both.") }
        }

        func run() throws {
            let store = try store.openForWriting()
            let made = try store.defineSubcorpus(named: name, SubcorpusDefinition(condition: condition, source: source))
            output.print(SubcorpusCommand.table([made]))
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "list", abstract: "List the subcorpora with their definitions and sizes.")

        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            output.print(SubcorpusCommand.table(try store.openForReading().subcorpora()))
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "show", abstract: "List the documents of a subcorpus.")

        @Argument(help: "The subcorpus.")
        var name: String

        @OptionGroup var store: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let store = try store.openForReading()
            let part = try store.subcorpus(named: name)
            var table = Table(columns: ["document", "source", "tokens"],
                              title: "\(part.name): \(part.documents) documents, \(part.tokens) tokens (\(part.definition.summary))")
            for member in try store.members(of: part) {
                table.append([.integer(Int(member.documentID)), .text(member.source), .integer(member.tokens)])
            }
            output.print(table)
        }
    }

    struct Drop: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "drop",
            abstract: "Delete a subcorpus and what was counted from it: its co-occurrence tables and n-gram models.",
            discussion: """
            The documents stay in the corpus. The counts made from the subcorpus's documents go \
            with it (a count of a part means nothing without the part); embeddings made from \
            those counts keep their vectors, as when any count is deleted. The random halves \
            that `firth shift` drew from it for its noise baseline (NAME.half1.seedS, \
            NAME.half2.seedS) go too, with their counts. It says what it removed; --dry-run \
            says what it would remove and changes nothing.
            """)

        @Argument(help: "The subcorpus.")
        var name: String

        @Flag(name: .long, help: "List what would be removed, and remove nothing.")
        var dryRun = false

        @OptionGroup var store: StoreOptions

        func run() throws {
            if dryRun {
                let removal = try store.openForReading().removal(ofSubcorpus: name)
                printError(Self.describe(removal, done: false))
                return
            }
            printError(Self.describe(try store.openForWriting().dropSubcorpus(named: name), done: true))
        }

        /// "dropped 'modern' (3 documents) and its co-occurrence table …, its n-gram model …",
        /// then each random half of it that goes with it ("; its random half 'modern.half1.seed1' …").
        static func describe(_ removal: SubcorpusRemoval, done: Bool) -> String {
            var line = (done ? "dropped" : "would drop") + " " + contents(removal, done: done)
            for half in removal.allHalves { line += "; its random half " + contents(half, done: done) }
            return line + (done ? "" : " (dry run: nothing removed)")
        }

        /// "'modern' (3 documents) and its co-occurrence table …; the embedding … keeps its vectors".
        private static func contents(_ removal: SubcorpusRemoval, done: Bool) -> String {
            func list(_ names: [String], _ one: String, _ many: String) -> String? {
                names.isEmpty ? nil : "its \(names.count == 1 ? one : many) \(names.joined(separator: ", "))"
            }
            let part = removal.subcorpus
            var line = "'\(part.name)' (\(part.documents) document\(part.documents == 1 ? "" : "s"))"
            let parts = [list(removal.tables, "co-occurrence table", "co-occurrence tables"),
                         list(removal.models, "n-gram model", "n-gram models")].compactMap { $0 }
            line += parts.isEmpty ? "; nothing was counted from it" : " and " + parts.joined(separator: " and ")
            if !removal.keptEmbeddings.isEmpty {
                line += "; the embedding\(removal.keptEmbeddings.count == 1 ? "" : "s") \(removal.keptEmbeddings.joined(separator: ", ")) "
                    + (done ? "keep" : "would keep") + " \(removal.keptEmbeddings.count == 1 ? "its" : "their") vectors"
            }
            return line
        }
    }
}
