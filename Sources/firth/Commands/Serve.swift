import ArgumentParser
import Dispatch
import Foundation
import FirthKit

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Explore the corpus in a web browser: words, collocates, concordance, the map of meaning, attention, next words.",
        discussion: """
        Starts a small web server on this machine and prints its address; open it in a browser. \
        Pages: Corpus (sizes, Zipf curve, the stored tables and embeddings with their parameters), \
        Word (frequency, nearest words, collocates by any measure, concordance sorted left or right), \
        Compare (what two words share and what only one has, their cosine, analogies), Map (the top \
        words on a plane, pan, zoom, search, click for neighbours) and Sentence (attention weights, \
        each word's largest clue and how far it moved, the next-word table and a continuation). \
        Every page has its own address: bookmark it or send it.

        The database is opened read-only, so `firth ingest` or `firth count` can write to it meanwhile; \
        the server shows what is stored (run `firth count`, `firth embed` and `firth ngrams` first to \
        fill every page). The pages need nothing from the internet. The same answers are JSON under \
        /api/ (see docs/serve-api.md), in the shape `--format json` prints them.

        By default only this machine can connect (127.0.0.1). Ctrl-C stops the server.

        Examples:
          firth serve --db corpus.sqlite --open
          firth serve --port 9000
          firth serve --host 0.0.0.0      (reachable from other machines: no password protects it)
        """)

    @OptionGroup var store: StoreOptions

    @Option(name: .long, help: ArgumentHelp(
        "The TCP port to listen on (0: any free port, printed at start).",
        discussion: "Change it when 8080 is taken by another program, or to run two explorers side by side."))
    var port = 8080

    @Option(name: .long, help: ArgumentHelp(
        "The address to listen on: 127.0.0.1 (this machine only), 0.0.0.0 (every network) or another IP of this machine.",
        discussion: "The explorer has no login: listen beyond 127.0.0.1 only on a network you trust."))
    var host = "127.0.0.1"

    @Flag(name: .long, help: "Open the explorer in the default browser (xdg-open) once it listens.")
    var open = false

    func validate() throws {
        if !(0...65535).contains(port) { throw ValidationError("--port must be from 0 to 65535 (got \(port)).") }
    }

    func run() throws {
        let store = try store.openForReading()
        _ = try store.requireCorpus()
        let explorer = Explorer(store: store)
        // The page's reader runs firth: its errors name commands and flags, as the terminal's do.
        explorer.describe = { userMessage($0) }
        let server: ExploreServer
        do {
            server = try ExploreServer(explorer: explorer, host: host, port: port)
        } catch let failure as ExploreServer.Failure {
            throw FirthError.invalidOption("--host: \(failure)")
        }
        let started = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var outcome: Result<Int, any Error> = .success(0)
        Task {
            do { outcome = .success(try await server.start()) } catch { outcome = .failure(error) }
            started.signal()
        }
        started.wait()
        let bound: Int
        switch outcome {
        case let .success(port): bound = port
        case let .failure(ExploreServer.Failure.addressInUse(host, port)):
            throw FirthError.invalidOption("port \(port) on \(host) is already in use by another program; choose another with --port (or --port 0 for any free one)")
        case let .failure(error): throw FirthError.invalidOption("\(error)")
        }
        let shownHost = host.contains(":") ? "[\(host)]" : host
        let url = "http://\(shownHost == "0.0.0.0" ? "127.0.0.1" : shownHost):\(bound)/"
        // Written at once (not buffered): a script or test reads the address to connect.
        FileHandle.standardOutput.write(Data((url + "\n").utf8))
        printError("serving '\(try store.corpusInfo()?.name ?? "corpus")' from \(store.path) (read-only) at \(url); Ctrl-C stops")
        if host != "127.0.0.1" && host != "::1" {
            printError("note: listening on \(host): other machines can reach the explorer, which has no login")
        }
        if open { openInBrowser(url) }

        // Ctrl-C (and kill): close the socket, let open requests finish, exit 0.
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let stopping = DispatchSemaphore(value: 0)
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { stopping.signal() }
            source.resume()
            sources.append(source)
        }
        stopping.wait()
        let stopped = DispatchSemaphore(value: 0)
        Task { await server.stop(timeout: 2); stopped.signal() }
        _ = stopped.wait(timeout: .now() + 3)
        printError("stopped")
        withExtendedLifetime(sources) {}
    }

    private func openInBrowser(_ url: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["xdg-open", url]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch {
            printError("could not open a browser (\(error.localizedDescription)); open \(url) yourself")
        }
    }
}
