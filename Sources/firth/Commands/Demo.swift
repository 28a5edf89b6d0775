import ArgumentParser
import Foundation
import FirthKit

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Walk through the whole idea on a small bundled corpus, step by step, with real numbers.",
        discussion: """
        1 counting, 2 PMI, 3 rows as vectors, 4 SVD, 5 one vector per word is a blend,
        6 interpretation by the largest clue, 7 soft attention, 8 from meaning to text (the next word), 9 what this is and is not.
        The tutorial corpus is ingested into a temporary database first: the copy compiled into \
        firth (bundled:tutorial, the .txt files of Corpora/tutorial in the source tree), so the \
        demo runs from any folder; --tutorial FOLDER reads an edited copy instead. \
        With --db, steps 3-7 run on your own corpus instead (it needs the words river, water, \
        money, loan and bank to tell the same story).
        """)

    @Option(name: .long, help: ArgumentHelp("Show only step N (1-9).", valueName: "N"))
    var step: Int?

    @Option(name: .long, help: ArgumentHelp("Run steps 3-7 on this corpus database instead of the tutorial corpus.", valueName: "file"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp(
        "Read the tutorial corpus's .txt files from this folder (e.g. Corpora/tutorial after editing it) instead of the copy compiled into firth.",
        valueName: "folder"))
    var tutorial: String?

    @Flag(name: .long, help: "Do not show progress on standard error.")
    var quiet = false

    func validate() throws {
        if let step, !(1...9).contains(step) { throw ValidationError("--step must be between 1 and 9.") }
    }

    func run() throws {
        let bold = isatty(STDOUT_FILENO) == 1
        let progress = Progress(label: "demo", enabled: !quiet)
        if let db {
            StoreAccess.configure(path: db, wait: false, offersWait: false)
            let store = try CorpusStore(path: db)
            var settings = TutorialDemo.Settings.tutorial
            settings.count = CountParameters()
            settings.embedding = EmbeddingParameters()
            let demo = TutorialDemo(store: store, settings: settings, includesCountingSteps: false)
            for step in try demo.steps(only: step, progress: progress) where (3...7).contains(step.number) {
                print(step.render(bold: bold))
            }
            return
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("firth-demo-\(getpid()).sqlite").path
        defer { for suffix in ["", "-wal", "-shm", "-lock"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        StoreAccess.configure(path: path, wait: false, offersWait: false)
        let store = try CorpusStore(path: path)
        var options = Ingester.Options()
        options.collection = "tutorial"
        options.include = "*.txt"
        let ingester = Ingester(store: store, options: options)
        if let tutorial {
            progress.update("ingesting \(tutorial)", force: true)
            let report = try ingester.ingest(paths: [tutorial])
            guard report.documentsAdded > 0 else {
                throw FirthError.badInput(location: tutorial, reason: "no .txt file with words was found there; leave out --tutorial to use the bundled tutorial corpus")
            }
        } else {
            progress.update("ingesting the bundled tutorial corpus", force: true)
            _ = try ingester.ingest(files: BundledCorpora.tutorial, collection: "tutorial")
        }
        let stats = try store.statistics()
        if step == nil {
            print("""
                Firth demo: how meaning comes out of counting and matrix arithmetic.
                "You shall know a word by the company it keeps" (J. R. Firth, 1957).

                The tutorial corpus: \(stats.documents) short texts, \(stats.tokens) words (\(stats.types) distinct), \
                in which "bank" means a river's edge in some sentences and a place for money in others.

                """)
        }
        for step in try TutorialDemo(store: store).steps(only: step, progress: progress) {
            print(step.render(bold: bold))
        }
        progress.finish()
    }
}
