import Foundation

/// The parameters of one API request (`/api/neighbors?word=river&top=10`), read with limits.
///
/// Every read names the parameter in its error, and sizes are bounded, so no request can ask
/// for unbounded work: a value outside its range is a 400, an oversized text a 413.
public struct ExploreQuery: Sendable {
    /// The longest value accepted for any parameter, in characters (a sentence is the longest).
    public static let maximumLength = 10_000

    public var values: [String: String]

    public init(_ values: [String: String] = [:]) { self.values = values }

    /// A required text parameter, trimmed.
    func text(_ name: String) throws -> String {
        guard let value = try optionalText(name) else {
            throw ExploreError(status: 400, "missing parameter '\(name)'")
        }
        return value
    }

    /// A text parameter, trimmed; nil when absent or empty.
    func optionalText(_ name: String) throws -> String? {
        guard let raw = values[name] else { return nil }
        if raw.count > Self.maximumLength {
            throw ExploreError(status: 413, "parameter '\(name)' is \(raw.count) characters, more than \(Self.maximumLength)")
        }
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// An integer parameter in `range`, or `fallback` when absent.
    func integer(_ name: String, default fallback: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text = try optionalText(name) else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw ExploreError(status: 400, "parameter '\(name)' must be a whole number from \(range.lowerBound) to \(range.upperBound) (got '\(text)')")
        }
        return value
    }

    /// A number parameter in `range`, or `fallback` when absent.
    func number(_ name: String, default fallback: Double, in range: ClosedRange<Double>) throws -> Double {
        guard let text = try optionalText(name) else { return fallback }
        guard let value = Double(text), range.contains(value) else {
            throw ExploreError(status: 400, "parameter '\(name)' must be a number from \(range.lowerBound) to \(range.upperBound) (got '\(text)')")
        }
        return value
    }

    /// One of an enumeration's raw values, or `fallback` when absent.
    func choice<T: RawRepresentable & CaseIterable>(_ name: String, default fallback: T) throws -> T where T.RawValue == String {
        guard let text = try optionalText(name) else { return fallback }
        guard let value = T(rawValue: text.lowercased()) else {
            throw ExploreError(status: 400, "parameter '\(name)' must be one of \(T.allCases.map(\.rawValue).joined(separator: ", ")) (got '\(text)')")
        }
        return value
    }
}
