// swift-tools-version:6.1
//
// Firth: text => documents => tokens => cooccurrences => pmi => svd => attention.
// The data's path through the code follows the folders of Sources/FirthKit.
import PackageDescription

let package = Package(
    name: "Firth",
    products: [
        .library(name: "FirthKit", targets: ["FirthKit"]),
        .executable(name: "firth", targets: ["firth"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/yaslab/CSV.swift", exact: "2.5.2"),
        // `make docs`: the DocC catalog Sources/FirthKit/FirthKit.docc. A command plugin only:
        // nothing of it is built unless `swift package generate-documentation` runs.
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", exact: "1.5.0"),
        // No HTTP package: `firth serve` speaks HTTP through its own small layer on POSIX sockets
        // (Sources/FirthKit/Explore/HTTPListener.swift). FlyingFox pulled Foundation's networking,
        // and so libcurl, into the static binary; a package also lengthens a first build
        // (BENCHMARKS.md, "firth serve").
    ],
    targets: [
        // CBLAS and LAPACKE from OpenBLAS, the way GRDB wraps the system SQLite.
        .systemLibrary(
            name: "COpenBLAS",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]),

        // The schema: numbered .sql files in Migrations/, compiled into the binary by the
        // EmbedFiles plugin so an installed `firth` needs no resource bundle beside it.
        .target(
            name: "FirthMigrations",
            path: "Migrations",
            exclude: ["README.md"],
            plugins: ["EmbedFiles"]),
        // One plugin and one tool embed the files of every target that bundles some.
        .executableTarget(name: "embed-files", path: "Tools/embed-files"),
        .plugin(name: "EmbedFiles", capability: .buildTool(), dependencies: ["embed-files"]),

        // The tutorial corpus and the labelled senses (Corpora/tutorial, Corpora/senses), compiled
        // into the binary the same way, so `firth demo` runs from any folder.
        .target(name: "FirthCorpora", plugins: ["EmbedFiles"]),
        // The pages of `firth serve` (Sources/FirthAssets/web: HTML, CSS, JavaScript), compiled
        // into the binary the same way, so the explorer needs no files beside `firth`.
        .target(name: "FirthAssets", exclude: ["web"], plugins: ["EmbedFiles"]),
        // Writes the man page from `firth --experimental-dump-help`, for `make install`.
        .executableTarget(name: "firth-manual", path: "Tools/firth-manual"),

        // Skip-gram's inner loop in C, with AVX2 chosen at run time. Optimized in debug builds
        // too: the tests train default embeddings, which an unoptimized kernel makes minutes long.
        .target(name: "CFirthKernels", cSettings: [.unsafeFlags(["-O2"])]),

        .target(
            name: "FirthKit",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                // The raw sqlite3 API, for the one hot loop GRDB's statement wrapper slows down:
                // binding millions of token rows at ingest.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "CSV", package: "CSV.swift"),
                "COpenBLAS",
                "CFirthKernels",
                "FirthMigrations",
                "FirthCorpora",
                "FirthAssets",
            ],
            // The Spark driver, spark/firth_count.py, compiled in the same way (Count/SparkDriver.swift).
            plugins: ["EmbedFiles"]),
        .executableTarget(
            name: "firth",
            dependencies: [
                "FirthKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        // Timings inside one process (warm queries, SVD apart from loading), for `make bench`.
        .executableTarget(name: "firth-bench", dependencies: ["FirthKit"], path: "Benchmarks/firth-bench"),
        .testTarget(
            name: "FirthKitTests",
            dependencies: ["FirthKit", "FirthMigrations", "CFirthKernels", .product(name: "GRDB", package: "GRDB.swift"),
                           // An independent CSV reader, to check what the exporters write.
                           .product(name: "CSV", package: "CSV.swift")]),
        .testTarget(
            name: "FirthCLITests",
            dependencies: ["FirthKit", .product(name: "GRDB", package: "GRDB.swift")]),
    ]
)
