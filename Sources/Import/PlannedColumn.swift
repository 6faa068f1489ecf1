/// One target column of a ``TablePlan`` and how its canonical text is computed on the source.
struct PlannedColumn: Sendable {
    /// Target column name.
    var name: String
    /// Target column type (`format_type`).
    var type: String
    /// Source SQL giving the value as the target's canonical text (enum labels translated).
    var canonical: String
    /// Source SQL giving the untranslated value as text, for enum columns (to report bad values).
    var raw: String?
}
