import Foundation

/// One recorded parameter of a count or an embedding, by the name the library gives it (the
/// property of its parameters type) and with its typed value: what `firth spaces` lists.
///
/// ```swift
/// CountParameters().knobs.first   // Knob(name: "window", value: .integer(6))
/// ```
public struct Knob: Sendable, Equatable {
    /// A parameter's value, typed as it is stored.
    public enum Value: Sendable, Equatable {
        case integer(Int)
        case real(Double)
        case text(String)
        case flag(Bool)
        case list([Value])
        /// Not set (no limit, no subsampling, the whole corpus).
        case none
    }

    public var name: String
    public var value: Value

    public init(_ name: String, _ value: Value) {
        self.name = name
        self.value = value
    }
}

extension Knob.Value: Encodable {
    /// As JSON: a number, string, boolean, array or null.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case let .integer(value): try container.encode(value)
        case let .real(value): try container.encode(value)
        case let .text(value): try container.encode(value)
        case let .flag(value): try container.encode(value)
        case let .list(values): try container.encode(values)
        case .none: try container.encodeNil()
        }
    }
}

extension Knob.Value {
    static func optional(_ value: Int?) -> Self { value.map { .integer($0) } ?? .none }
    static func optional(_ value: Double?) -> Self { value.map { .real($0) } ?? .none }
    static func optional(_ value: String?) -> Self { value.map { .text($0) } ?? .none }
}

extension CountParameters {
    /// Every knob of the count, in the order of `firth count --help`.
    public var knobs: [Knob] {
        [Knob("window", .integer(window)), Knob("direction", .text(direction.rawValue)),
         Knob("weighting", .text(weighting.rawValue)), Knob("boundary", .text(boundary.rawValue)),
         Knob("minCount", .integer(minCount)), Knob("maxVocabulary", .optional(maxVocabulary)),
         Knob("gaps", .text(gaps.rawValue)), Knob("subsample", .optional(subsample)), Knob("seed", .integer(seed)),
         Knob("subcorpus", .optional(subcorpus))]
    }
}

extension EmbeddingParameters {
    /// Every knob of the SVD, in the order of `firth embed --help`.
    public var knobs: [Knob] {
        [Knob("dimensions", .integer(dimensions)), Knob("eigenWeight", .real(eigenWeight)),
         Knob("powerIterations", .integer(powerIterations)), Knob("oversampling", .integer(oversampling)),
         Knob("seed", .integer(seed)), Knob("removeTopComponents", .integer(removeTopComponents)),
         Knob("addContextVectors", .flag(addContextVectors)),
         Knob("contextSmoothing", .real(smoothing.contextSmoothing)), Knob("shift", .real(smoothing.shift))]
    }
}

extension SkipGramParameters {
    /// Every knob of skip-gram, in the order of `firth skipgram --help` (the corpus it was
    /// trained on is a record, not a knob).
    public var knobs: [Knob] {
        [Knob("dimensions", .integer(dimensions)), Knob("window", .integer(window)), Knob("negative", .integer(negative)),
         Knob("epochs", .integer(epochs)), Knob("subsample", .real(subsample)), Knob("learningRate", .real(learningRate)),
         Knob("minLearningRate", .real(minLearningRate)), Knob("minCount", .integer(minCount)), Knob("seed", .integer(seed)),
         Knob("threads", .integer(threads)), Knob("removeTopComponents", .integer(removeTopComponents))]
    }
}

extension CombinationParameters {
    /// The parts and their weights.
    public var knobs: [Knob] {
        [Knob("parts", .list(parts.map { .text($0) })), Knob("weights", .list(weights.map { .real($0) }))]
    }
}

extension Embedding.Source {
    /// The knobs of the method (not those of an SVD's count table: ``counts``).
    public var knobs: [Knob] {
        switch self {
        case let .svd(parameters, _): return parameters.knobs
        case let .sgns(parameters): return parameters.knobs
        case let .combined(parameters): return parameters.knobs
        case .imported: return []
        }
    }
}
