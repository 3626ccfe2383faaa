//! `cargo workbook list`: the labs, then the exercises.

use crate::exercise::{self, registry::Registry};
use crate::workspace::Workspace;

/// Prints the labs and the exercises.
pub fn list(workspace: &Workspace, registry: &Registry) {
    if workspace.labs.is_empty() {
        println!("No lab yet (labs/lab-*/Cargo.toml).");
    } else {
        let mut table = crate::table::new(["lab", "what it measures"]);
        for lab in &workspace.labs {
            table.add_row([lab.name.as_str(), lab.description.as_deref().unwrap_or("")]);
        }
        println!("{table}");
        println!(
            "Run one with `cargo workbook run <lab>`, e.g. `cargo workbook run 00 -- --quick`.\n"
        );
    }
    exercise::list(workspace, registry);
}
