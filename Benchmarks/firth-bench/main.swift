// firth-bench DB: timings inside one process, for what a command-line run cannot isolate —
// the PPMI load and the SVD apart, and warm queries (data already in memory). Run by
// `make bench` (scripts/bench.sh) on a database that already has its counts and embedding.
//
// Usage: firth-bench DB [RUNS] [TABLE] — TABLE: the count table whose PPMI is loaded and
// factored (default: the most recent). Prints tab-separated rows: stage, median seconds, runs.
// firth-bench DB RUNS --language-model: only the language model's rows (the most recent current
// n-gram model and embedding): loading the model, and generating 50 words warm.
import Foundation
import FirthKit

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

/// The process's CPU time (all threads, user + system), in seconds.
func cpuSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

/// Median CPU seconds of the runs of the last `time` call (on a loaded machine the wall time
/// says little; the CPU time is what the work costs).
nonisolated(unsafe) var lastCPU = 0.0

func time(_ runs: Int, _ body: () throws -> Void) rethrows -> Double {
    var seconds: [Double] = []
    var cpu: [Double] = []
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds, startCPU = cpuSeconds()
        try body()
        seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        cpu.append(cpuSeconds() - startCPU)
    }
    lastCPU = median(cpu)
    return median(seconds)
}

func row(_ stage: String, _ seconds: Double, _ runs: Int) {
    print("\(stage)\t\(String(format: "%.6f", seconds))\t\(runs)\t\(String(format: "%.6f", lastCPU))")
}

let arguments = CommandLine.arguments.dropFirst()
guard let path = arguments.first else {
    FileHandle.standardError.write(Data("usage: firth-bench DB [RUNS] [TABLE]\n".utf8))
    exit(2)
}
let runs = arguments.dropFirst().first.flatMap(Int.init) ?? 3
let store = try CorpusStore(path: path, readOnly: true)   // a reader: takes no writer lock

if arguments.dropFirst(2).first == "--language-model" {
    guard let loaded = try store.currentLanguageModel() else {
        FileHandle.standardError.write(Data("firth-bench: \(path) has no current n-gram model (run firth ngrams)\n".utf8))
        exit(1)
    }
    row("load n-gram model (\(loaded.table.name), from its \(loaded.fromImage ? "image" : "rows"))",
        try time(runs) { _ = try store.currentLanguageModel() }, runs)
    var vectors = try store.wordVectors(named: nil)
    row("load word vectors (\(vectors.words.count) × \(vectors.dimensions))", try time(runs) { vectors = try store.wordVectors(named: nil) }, runs)
    var model = ContextLanguageModel(ngram: loaded.model, vectors: vectors)
    row("align them to the model (context model set-up)", time(runs) { model = ContextLanguageModel(ngram: loaded.model, vectors: vectors) }, runs)
    let prompt = try store.tokenizer().words("the river rose and the water flooded the")
    let state = PromptState(sentences: [prompt], endsSentence: false, model: loaded.model)
    let sampling = SamplingSettings()
    _ = model.generate(after: state, count: 1, sampling: sampling)
    row("generate 50 words, warm (β \(model.settings.beta))", time(runs) { _ = model.generate(after: state, count: 50, sampling: sampling) }, runs)
    var plain = model.settings
    plain.beta = 0
    let ngramOnly = ContextLanguageModel(ngram: loaded.model, vectors: vectors, settings: plain)
    row("generate 50 words, warm (β 0)", time(runs) { _ = ngramOnly.generate(after: state, count: 50, sampling: sampling) }, runs)
    exit(0)
}
let table = try store.cooccurrenceTable(named: arguments.dropFirst(2).first)
let parameters = EmbeddingParameters()

var ppmi: PPMIMatrix!
row("ppmi load (\(table.name))", try time(runs) { ppmi = try PPMIMatrix.load(from: store, table: table, smoothing: parameters.smoothing) }, runs)
row("svd d=\(parameters.dimensions) (\(ppmi.matrix.nonZeroCount) non-zeros)", try time(runs) {
    _ = try RandomizedSVD(rank: parameters.dimensions, oversampling: parameters.oversampling,
                          powerIterations: parameters.powerIterations, seed: UInt64(parameters.seed)).decompose(ppmi.matrix)
}, runs)

let vectors = try store.wordVectors(named: nil)
row("load embedding (\(vectors.words.count) × \(vectors.dimensions))", try time(runs) { _ = try store.wordVectors(named: nil) }, runs)
let queries = Array(vectors.words.prefix(2000).enumerated().filter { $0.offset % 20 == 0 }.map(\.element))
var perQuery: [Double] = []
for word in queries {
    perQuery.append(try time(1) { _ = try vectors.mostSimilar(to: word, count: 10) })
}
row("neighbors query, warm (median of \(queries.count) words)", median(perQuery), queries.count)

let sentence = "the river bank flooded after the storm and the bank approved the loan for the new boat while we fished from the muddy shore near the old mill in the morning light"
let tokens = try store.tokenizer().words(sentence)
var settings = SentenceAttention.Settings()
settings.layers = 3
let attention = SentenceAttention(space: vectors, settings: settings)
_ = attention.attend(tokens)
row("attend \(tokens.count) words, 3 layers, warm", time(max(runs, 20)) { _ = attention.attend(tokens) }, max(runs, 20))
