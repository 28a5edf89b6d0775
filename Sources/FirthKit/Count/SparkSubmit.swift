import Foundation

/// How a count reaches Apache Spark: the `spark-submit` program, the cluster's master, and the
/// folder the tokens are staged in.
///
/// ```swift
/// var spark = SparkSettings()
/// spark.master = "spark://head:7077"
/// spark.staging = "/shared/firth-staging"
/// ```
public struct SparkSettings: Sendable, Equatable {
    /// Spark's master URL: `local[*]` (every core of this machine), `local[2]`, `spark://host:7077`,
    /// `yarn`, `k8s://…`.
    public var master = "local[*]"
    /// The `spark-submit` program; nil: found on PATH, then beside the `pyspark` Python package.
    public var submit: String?
    /// The folder Firth stages tokens in and Spark writes its cells to; nil: a temporary folder.
    /// On a cluster every machine must see it (a shared or mounted object-store folder).
    public var staging: String?
    /// How Spark names the staging folder when that differs from Firth's path to it, e.g.
    /// `s3a://bucket/firth` for a bucket Firth sees mounted at `/mnt/bucket/firth`; nil: the same.
    public var stagingURL: String?
    /// Extra Spark configuration, passed as `--conf key=value` (executor memory, …).
    public var configuration: [String: String] = [:]
    /// Keep the staged files and Spark's output after a successful import (they are always
    /// kept after a failure, with Spark's log).
    public var keepStaging = false
    /// Counts of one batch that Spark runs side by side (small counts leave cores idle between
    /// their stages; large ones gain nothing).
    public var parallelJobs = 4
    /// The environment spark-submit runs in (PATH, JAVA_HOME).
    public var environment: [String: String] = ProcessInfo.processInfo.environment

    public init() {}
}

/// Finds `spark-submit` and Java, and runs one Spark application, with one-line errors.
struct SparkSubmit {
    let settings: SparkSettings
    let program: URL

    /// Locates spark-submit and checks that Java is there, before anything is counted.
    init(settings: SparkSettings) throws {
        self.settings = settings
        let environment = settings.environment
        if let given = settings.submit {
            guard FileManager.default.isExecutableFile(atPath: given) else {
                throw FirthError.invalidOption("spark-submit was not found at \(given): give the path of Spark's bin/spark-submit, or install Spark with `pip install pyspark`")
            }
            program = URL(fileURLWithPath: given)
        } else if let found = Self.onPath("spark-submit", environment) ?? Self.besidePySpark(environment) {
            program = found
        } else {
            throw FirthError.invalidOption("spark-submit was not found (not on PATH, and python3 has no pyspark package): install Spark with `pip install pyspark` (and Java 17), or give the path of spark-submit")
        }
        if let home = environment["JAVA_HOME"], !home.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: home + "/bin/java") else {
                throw FirthError.invalidOption("Spark needs Java 17, and JAVA_HOME=\(home) has no bin/java: set JAVA_HOME to a Java installation, or install one (apt-get install openjdk-17-jre-headless)")
            }
        } else if Self.onPath("java", environment) == nil {
            throw FirthError.invalidOption("Spark needs Java 17, and none was found (no java on PATH, JAVA_HOME not set): install it (apt-get install openjdk-17-jre-headless) or set JAVA_HOME")
        }
    }

    static func onPath(_ name: String, _ environment: [String: String]) -> URL? {
        for folder in (environment["PATH"] ?? "").split(separator: ":") {
            let path = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return URL(fileURLWithPath: path) }
        }
        return nil
    }

    /// `pip install pyspark` puts Spark inside the package: `…/site-packages/pyspark/bin/spark-submit`.
    static func besidePySpark(_ environment: [String: String]) -> URL? {
        guard let python = onPath("python3", environment) else { return nil }
        let process = Process()
        process.executableURL = python
        process.arguments = ["-c", "import os, pyspark; print(os.path.dirname(pyspark.__file__))"]
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let folder = String(data: data, encoding: .utf8)?.trimmingCharacters(in: .whitespacesAndNewlines) else { return nil }
        let path = folder + "/bin/spark-submit"
        return FileManager.default.isExecutableFile(atPath: path) ? URL(fileURLWithPath: path) : nil
    }

    /// Runs `spark-submit driver manifest`, its output going to `log`; throws if it fails or is killed.
    func run(driver: URL, manifest: URL, log: URL) throws {
        var arguments = ["--master", settings.master, "--name", "firth count",
                         "--conf", "spark.ui.enabled=false", "--conf", "spark.ui.showConsoleProgress=false"]
        var configuration = settings.configuration
        if let cores = Self.localCores(settings.master), configuration["spark.sql.shuffle.partitions"] == nil {
            // Spark's default of 200 shuffle partitions is for clusters: on one machine each is a
            // task with its own start-up and output file, which costs more than the count.
            configuration["spark.sql.shuffle.partitions"] = "\(2 * cores)"
        }
        for (key, value) in configuration.sorted(by: { $0.key < $1.key }) {
            arguments += ["--conf", "\(key)=\(value)"]
        }
        arguments += [driver.path, manifest.path]
        var environment = settings.environment
        if settings.master.hasPrefix("local"), environment["SPARK_LOCAL_IP"] == nil {
            // On one machine, bind to loopback: no lookup of the host's name (slow, or a warning).
            environment["SPARK_LOCAL_IP"] = "127.0.0.1"
        }
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let output = try FileHandle(forWritingTo: log)
        defer { try? output.close() }
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        process.environment = environment
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw FirthError.cannotWrite(path: program.path, reason: "could not start spark-submit: \(error.localizedDescription)")
        }
        process.waitUntilExit()
        switch process.terminationReason {
        case .uncaughtSignal:
            throw FirthError.badInput(location: "spark-submit", reason: "the Spark job was killed (signal \(process.terminationStatus)); nothing was imported; its log is \(log.path)")
        case .exit where process.terminationStatus != 0:
            let cause = Self.lastError(in: log).map { ": \($0)" } ?? ""
            throw FirthError.badInput(location: "spark-submit", reason: "the Spark job failed (exit status \(process.terminationStatus))\(cause); nothing was imported; its log is \(log.path)")
        default:
            return
        }
    }

    /// The cores of a local master: `local` 1, `local[4]` 4, `local[*]` this machine's; nil for a cluster.
    static func localCores(_ master: String) -> Int? {
        guard master.hasPrefix("local") else { return nil }
        guard let open = master.firstIndex(of: "["), let close = master.firstIndex(of: "]") else { return 1 }
        let inside = master[master.index(after: open)..<close].split(separator: ",").first.map(String.init) ?? "*"
        return Int(inside) ?? ProcessInfo.processInfo.activeProcessorCount
    }

    /// The last line of a log that names an error or exception, shortened, for a one-line message.
    static func lastError(in log: URL) -> String? {
        guard let text = try? String(contentsOf: log, encoding: .utf8) else { return nil }
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let line = lines.last(where: { $0.contains("Error") || $0.contains("Exception") || $0.contains("error:") })
                ?? lines.last else { return nil }
        return line.count > 300 ? String(line.prefix(300)) + "…" : line
    }
}
