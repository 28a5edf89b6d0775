/// An error thrown by the linear-algebra stage.
///
/// ```swift
/// do {
///     let svd = try matrix.thinSVD()
/// } catch LinearAlgebraError.lapackFailure(let routine, let info) {
///     print("\(routine) failed with info = \(info)")
/// }
/// ```
public enum LinearAlgebraError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A LAPACK routine reported failure.
    ///
    /// `info` is LAPACK's own code: negative when argument `-info` was rejected (LAPACKE
    /// also reports NaN in an input matrix this way), positive when the algorithm did not
    /// converge (for `sgesdd`, the bidiagonal divide and conquer failed).
    case lapackFailure(routine: String, info: Int)

    /// An entry of a sparse matrix lies outside the declared shape.
    case entryOutOfBounds(row: Int, column: Int, rows: Int, columns: Int)

    public var description: String {
        switch self {
        case let .lapackFailure(routine, info):
            return "LAPACK \(routine) failed with info = \(info)"
        case let .entryOutOfBounds(row, column, rows, columns):
            return "Entry (\(row), \(column)) lies outside a \(rows) × \(columns) matrix"
        }
    }
}
