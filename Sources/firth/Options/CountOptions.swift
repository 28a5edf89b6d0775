import ArgumentParser
import FirthKit

/// The knobs of a co-occurrence count, shared by `count` and every command that may need one.
struct CountOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Words on each side that count as context (1-1000).",
        discussion: "Small windows (2) favour words that can replace each other (similarity: car/truck); larger ones (5-10) favour words of one topic (relatedness: car/road). The default 6 with harmonic weighting balanced similarity, relatedness and analogies best on the benchmark corpus (tuning-results.md, BENCHMARKS.md); lower it for substitutes, raise it for topics."))
    var window = 6

    @Option(name: .long, help: ArgumentHelp(
        "Which neighbours count: both sides, only left (before), or only right (after).",
        discussion: "One side keeps word order: 'right' of 'river' is what follows it."))
    var direction: CountParameters.Direction = .both

    @Option(name: .long, help: ArgumentHelp(
        "How a neighbour at distance d counts: uniform (1), harmonic (1/d, as GloVe), linear ((N-d+1)/N, word2vec's dynamic window).",
        discussion: "Weighting makes near neighbours count more than far ones. Harmonic is the default: the nearest words count most, which the analogies reward, while the far ones still add relatedness; uniform counts every word of the window alike (BENCHMARKS.md compares the three)."))
    var weighting: CountParameters.Weighting = .harmonic

    @Option(name: .long, help: ArgumentHelp(
        "Where windows stop: at sentence ends, or only at document ends.",
        discussion: "Sentence boundaries keep unrelated neighbouring sentences apart; document boundaries count more pairs."))
    var boundary: CountParameters.Boundary = .document

    @Option(name: .long, help: ArgumentHelp(
        "Words seen fewer than K times are left out of the vocabulary.",
        discussion: "Rare words have unreliable counts and inflate PMI; raise K on large corpora."))
    var minCount = 5

    @Option(name: .customLong("max-vocab"), help: ArgumentHelp(
        "Keep at most M words, the most frequent (default: no limit).",
        discussion: "Bounds the matrix size on very large corpora."))
    var maxVocabulary: Int?

    @Option(name: .long, help: ArgumentHelp(
        "What happens to the places of dropped words (rare or subsampled): keep (windows span the same text) or close (they are deleted first, so windows reach further; 'dirty' in Levy et al. 2015).",
        valueName: "keep|close"))
    var gaps: CountParameters.Gaps = .keep

    @Option(name: .long, help: ArgumentHelp(
        "Subsampling threshold t (word2vec): drop a word of frequency f with probability 1-sqrt(t/f). Try 1e-4.",
        discussion: "Thins out the, of, and so that content words get more of the counts. Off by default: on a corpus of a few million words it cost analogy accuracy (BENCHMARKS.md); try it on larger corpora, where the frequent words swamp the counts.",
        valueName: "t"))
    var subsample: Double?

    @Option(name: .long, help: "Seed of the subsampling draw, so counts repeat exactly.")
    var seed = 1

    var parameters: CountParameters {
        var p = CountParameters()
        p.window = window
        p.direction = direction
        p.weighting = weighting
        p.boundary = boundary
        p.minCount = minCount
        p.maxVocabulary = maxVocabulary
        p.gaps = gaps
        p.subsample = subsample
        p.seed = seed
        return p
    }

    func validate() throws {
        try ParameterFlags.validate { try parameters.validate() }
    }
}

extension CountParameters.Direction: ExpressibleByArgument {}
extension CountParameters.Weighting: ExpressibleByArgument {}
extension CountParameters.Boundary: ExpressibleByArgument {}
extension CountParameters.Gaps: ExpressibleByArgument {}
