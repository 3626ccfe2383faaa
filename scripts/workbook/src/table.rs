//! The look of the tool's tables (exercise lists, verify results), in one
//! place so every command prints them alike, and like the labs' tables
//! (labkit's `report` uses the same style).

use comfy_table::{ContentArrangement, Table, presets};

/// An empty table with these column headers, fitted to the terminal.
pub fn new<const N: usize>(header: [&str; N]) -> Table {
    let mut table = Table::new();
    table
        .load_style(presets::UTF8_BORDERS_ONLY)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header);
    table
}
