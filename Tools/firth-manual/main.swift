// firth-manual DATE VERSION < dump.json > firth.1
//
// Writes firth's man page (man(7) macros) from `firth --experimental-dump-help`: the root
// command, its options, and one section per subcommand with its discussion and options, so the
// page always lists exactly the commands the binary has. Run by `make install`.
//
// Why not swift-argument-parser's GenerateManual plugin: it builds every product again, in
// its own configuration and without --static-swift-stdlib, before it runs its tool, which is a
// second full release build; its tool (generate-manual) is not a product we can build alone.
import Foundation

struct Name: Decodable { var kind: String; var name: String }
struct Argument: Decodable {
    var kind: String
    var names: [Name]?
    var valueName: String?
    var abstract: String?
    var discussion: String?
    var defaultValue: String?
    var shouldDisplay: Bool
    var isRepeating: Bool
}
struct Command: Decodable {
    var commandName: String
    var abstract: String?
    var discussion: String?
    var shouldDisplay: Bool?
    var arguments: [Argument]?
    var subcommands: [Command]?
}
struct ToolInfo: Decodable { var command: Command }

/// Text safe for roff: backslashes escaped, no line starting with a control character.
func roff(_ text: String) -> String {
    text.replacingOccurrences(of: "\\", with: "\\e").replacingOccurrences(of: "-", with: "\\-")
        .split(separator: "\n", omittingEmptySubsequences: false)
        .map { $0.hasPrefix(".") || $0.hasPrefix("'") ? "\\&" + $0 : String($0) }
        .joined(separator: "\n")
}

/// Paragraphs as they are in the help text: indented lines (examples) kept as they are.
func paragraphs(_ text: String) -> String {
    text.components(separatedBy: "\n\n").map { paragraph in
        paragraph.split(separator: "\n").contains { $0.hasPrefix(" ") }
            ? ".PP\n.nf\n" + roff(paragraph) + "\n.fi"
            : ".PP\n" + roff(paragraph)
    }.joined(separator: "\n")
}

func option(_ argument: Argument) -> String? {
    guard argument.shouldDisplay else { return nil }
    let value = argument.valueName.map { "\\fI" + roff($0) + "\\fR" } ?? ""
    var label: String
    if argument.kind == "positional" {
        label = value + (argument.isRepeating ? " ..." : "")
    } else {
        let names = (argument.names ?? []).map { ($0.kind == "short" ? "\\-" : "\\-\\-") + roff($0.name) }
        label = "\\fB" + names.joined(separator: "\\fR, \\fB") + "\\fR" + (argument.kind == "option" ? " " + value : "")
    }
    var text = ".TP\n" + label + "\n" + roff(argument.abstract ?? "")
    if let discussion = argument.discussion, !discussion.isEmpty { text += "\n" + roff(discussion) }
    if let value = argument.defaultValue, !value.isEmpty, argument.kind != "flag" { text += " (default: " + roff(value) + ")" }
    return text
}

func section(_ command: Command, path: [String]) -> [String] {
    var lines: [String] = []
    let name = (path + [command.commandName]).joined(separator: " ")
    if !path.isEmpty {
        lines.append(".SS \"" + roff(name) + "\"")
        if let abstract = command.abstract { lines.append(roff(abstract)) }
    }
    if !path.isEmpty, let discussion = command.discussion, !discussion.isEmpty { lines.append(paragraphs(discussion)) }
    // --help and --version are said once, under OPTIONS.
    lines += (command.arguments ?? []).filter { argument in
        !(argument.names ?? []).contains { $0.name == "help" || $0.name == "version" }
    }.compactMap(option)
    for sub in command.subcommands ?? [] where sub.shouldDisplay != false && sub.commandName != "help" {
        lines += section(sub, path: path + [command.commandName])
    }
    return lines
}

let arguments = CommandLine.arguments
guard arguments.count == 3 else {
    FileHandle.standardError.write(Data("usage: firth-manual DATE VERSION < dump.json > firth.1\n".utf8))
    exit(2)
}
let root = try JSONDecoder().decode(ToolInfo.self, from: FileHandle.standardInput.readDataToEndOfFile()).command
let tool = root.commandName
var page = [
    ".TH \(tool.uppercased()) 1 \"\(arguments[1])\" \"\(tool) \(arguments[2])\" \"User Commands\"",
    ".SH NAME",
    "\(tool) \\- " + roff(root.abstract ?? ""),
    ".SH SYNOPSIS",
    ".B \(tool)",
    ".I command",
    "[\\fIoptions\\fR]",
    ".SH DESCRIPTION",
    paragraphs(root.discussion ?? ""),
    ".SH OPTIONS",
]
page += (root.arguments ?? []).compactMap(option)
page.append(".SH COMMANDS")
page.append("Run \\fB\(tool) \\fIcommand\\fB \\-\\-help\\fR for the same text in the terminal.")
for sub in root.subcommands ?? [] where sub.shouldDisplay != false && sub.commandName != "help" {
    page += section(sub, path: [tool])
}
print(page.joined(separator: "\n"))
