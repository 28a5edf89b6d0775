/// The Firth database schema, as the numbered SQL files of the `Migrations/` folder.
///
/// Each `NNNN_verb_object.sql` file is one migration, identified by its file name, applied in
/// name order by GRDB's `DatabaseMigrator` (see `CorpusStore`). A migration that has shipped is
/// never edited: a change to the schema is a new file with the next number.
///
/// The text of the files is compiled into the binary by the `EmbedFiles` build plugin, so an
/// installed `firth` needs no resource folder beside it.
///
/// ```swift
/// for file in FirthMigrations.files { print(file.name) }   // 0001_create_corpus, …
/// ```
public enum FirthMigrations {
    /// One migration: its identifier (the file name without `.sql`) and its SQL text.
    public struct MigrationFile: Sendable, Equatable {
        public let name: String
        public let sql: String
    }

    /// Every migration, in the order it is applied.
    public static var files: [MigrationFile] { embeddedFiles }
}
