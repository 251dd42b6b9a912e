//! The README documents the same normalisation table as the module docs, row for row.

#[test]
fn readme_has_the_normalisation_table() {
    let readme_path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md");
    let readme = std::fs::read_to_string(readme_path).expect("README.md at the workspace root");
    let source = include_str!("../src/normalize.rs");
    let rows: Vec<&str> = source
        .lines()
        .filter_map(|l| l.strip_prefix("//! | "))
        .collect();
    assert!(rows.len() > 15, "the module docs hold the table");
    for row in rows {
        let row = format!("| {row}");
        assert!(
            readme.lines().any(|l| l == row),
            "README.md lacks the row:\n{row}"
        );
    }
}
