import Foundation

/// The arguments with each negative number that follows a long option joined to it with `=`.
///
/// swift-argument-parser reads `--beta -1` as the option `--beta` followed by an option `-1`,
/// and says "Missing value for '--beta <B>'" (apple/swift-argument-parser#31): a user who typed
/// a negative β, temperature or order would be told the value is missing instead of what is
/// wrong with it. `--beta=-1` is read as the value, and reaches the option's own check ("--beta
/// must be 0 or more (got -1.0)"). Firth has no option named by digits, so a token that reads as
/// a number after a long option can only be that option's value; after `--` nothing is touched,
/// and a flag given a number still says that it takes no value.
func joiningNegativeNumbers(_ arguments: [String]) -> [String] {
    var joined: [String] = []
    joined.reserveCapacity(arguments.count)
    var index = 0
    while index < arguments.count {
        let argument = arguments[index]
        if argument == "--" {
            joined.append(contentsOf: arguments[index...])
            break
        }
        if argument.hasPrefix("--"), argument.count > 2, !argument.contains("="),
           index + 1 < arguments.count, isNegativeNumber(arguments[index + 1]) {
            joined.append("\(argument)=\(arguments[index + 1])")
            index += 2
            continue
        }
        joined.append(argument)
        index += 1
    }
    return joined
}

/// `-` then a decimal number: `-1`, `-0.5`, `-.5`, `-2e-3`, `-10%` (the share options).
private func isNegativeNumber(_ token: String) -> Bool {
    guard token.hasPrefix("-"), token.count > 1 else { return false }
    var number = token.dropFirst()
    if number.hasSuffix("%") { number = number.dropLast() }
    guard let first = number.first, first.isASCII, first.isNumber || first == "." else { return false }
    return Double(number) != nil
}
