//! Results: a readable table on stdout, and the raw numbers as CSV.
//!
//! The two are kept apart on purpose. [`Table`] is for a person reading the
//! terminal: rounded numbers, units in the headers. [`Csv`] is for a person
//! re-plotting or checking the lab: every number at full precision, one row
//! per measurement, and a `#` comment header naming the lab and the machine
//! (read it with `pandas.read_csv(path, comment="#")`).

use comfy_table::{Table as Grid, presets::UTF8_BORDERS_ONLY};
use std::fmt::Display;
use std::path::Path;
use std::time::Duration;

/// A titled table printed for the reader.
#[derive(Debug, Clone)]
pub struct Table {
    /// Printed above the table.
    title: String,
    /// Column headers, with units: `time (ms)`.
    headers: Vec<String>,
    /// Cells, already formatted.
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with a title and column headers.
    pub fn new(title: impl Into<String>, headers: &[&str]) -> Table {
        Table {
            title: title.into(),
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row of already formatted cells.
    pub fn row<I, C>(&mut self, cells: I) -> &mut Table
    where
        I: IntoIterator<Item = C>,
        C: Display,
    {
        self.rows.push(cells.into_iter().map(|c| c.to_string()).collect());
        self
    }

    /// The table as text, title first; when a cell is [`marked`], a note
    /// under the table says what the mark means.
    pub fn render(&self) -> String {
        let mut grid = Grid::new();
        grid.load_style(UTF8_BORDERS_ONLY).set_header(&self.headers);
        for row in &self.rows {
            grid.add_row(row);
        }
        let marked = self.rows.iter().flatten().any(|c| c.ends_with(UNRESOLVED_MARK));
        let note = if marked { format!("\n{UNRESOLVED_NOTE}") } else { String::new() };
        format!("{}\n{grid}{note}", self.title)
    }

    /// Prints the table to stdout, followed by a blank line.
    pub fn print(&self) {
        println!("{}\n", self.render());
    }
}

/// What marks a cell whose point is unresolved (see [`marked`]).
pub const UNRESOLVED_MARK: &str = " ~";

/// The note under a table with marked cells.
pub const UNRESOLVED_NOTE: &str =
    "~ : the runs of this point spread too wide to tell it from its neighbour";

/// A table cell for a measured point: `text`, marked with ` ~` when the
/// point is unresolved ([`crate::measure::unresolved`]), as its figure
/// draws it hollow.
pub fn marked(text: impl Into<String>, unresolved: bool) -> String {
    let text = text.into();
    if unresolved { text + UNRESOLVED_MARK } else { text }
}

/// Raw measurements, one row each, written as CSV.
#[derive(Debug, Clone)]
pub struct Csv {
    /// Column names, with units: `seconds`, `workers`.
    headers: Vec<String>,
    /// Values at full precision.
    rows: Vec<Vec<String>>,
}

impl Csv {
    /// An empty CSV with these column names.
    pub fn new(headers: &[&str]) -> Csv {
        Csv { headers: headers.iter().map(|h| h.to_string()).collect(), rows: Vec::new() }
    }

    /// Adds a row; it must have one value per column.
    pub fn row(&mut self, values: &[&dyn Display]) -> &mut Csv {
        assert_eq!(values.len(), self.headers.len(), "a CSV row needs one value per column");
        self.rows.push(values.iter().map(|v| v.to_string()).collect());
        self
    }

    /// How many rows were added.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether no row was added.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Writes the comment lines (each prefixed with `# `), then the header
    /// and the rows.
    pub fn save(&self, path: &Path, comments: &[String]) -> anyhow::Result<()> {
        let file = std::fs::File::create(path)
            .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", path.display()))?;
        let mut file = std::io::BufWriter::new(file);
        for line in comments {
            use std::io::Write;
            writeln!(file, "# {line}")?;
        }
        let mut writer = csv::Writer::from_writer(file);
        writer.write_record(&self.headers)?;
        for row in &self.rows {
            writer.write_record(row)?;
        }
        writer.flush()?;
        Ok(())
    }
}

/// A duration in the unit that suits it, with three significant digits:
/// "450 ns", "12.3 µs", "4.90 ms", "1.20 s". For tables and recorded results.
pub fn duration(d: Duration) -> String {
    let ns = d.as_secs_f64() * 1e9;
    let (value, unit) = if ns < 1e3 {
        (ns, "ns")
    } else if ns < 1e6 {
        (ns / 1e3, "µs")
    } else if ns < 1e9 {
        (ns / 1e6, "ms")
    } else {
        (ns / 1e9, "s")
    };
    let decimals = if value < 10.0 {
        2
    } else if value < 100.0 {
        1
    } else {
        0
    };
    format!("{value:.decimals$} {unit}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_read_in_the_unit_that_suits_them() {
        assert_eq!(duration(Duration::from_nanos(450)), "450 ns");
        assert_eq!(duration(Duration::from_nanos(12_345)), "12.3 µs");
        assert_eq!(duration(Duration::from_micros(4_900)), "4.90 ms");
        assert_eq!(duration(Duration::from_millis(1_200)), "1.20 s");
        assert_eq!(duration(Duration::ZERO), "0.00 ns");
    }

    #[test]
    fn table_shows_title_headers_and_cells() {
        let mut t = Table::new("Speedup", &["workers", "time (ms)"]);
        t.row([1.to_string(), "10.0".into()]).row(["2", "5.1"]);
        let text = t.render();
        for part in ["Speedup", "workers", "time (ms)", "10.0", "5.1"] {
            assert!(text.contains(part), "{text}");
        }
    }

    #[test]
    fn a_marked_cell_brings_its_note() {
        let mut t = Table::new("Throughput", &["capacity", "M/s"]);
        t.row(["1", &marked("0.40", false)]);
        assert!(!t.render().contains(UNRESOLVED_NOTE));
        t.row(["4", &marked("1.10", true)]);
        let text = t.render();
        assert!(text.contains("1.10 ~") && text.ends_with(UNRESOLVED_NOTE), "{text}");
    }

    #[test]
    fn csv_has_comments_header_and_quoted_values() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.csv");
        let mut csv = Csv::new(&["order", "seconds"]);
        csv.row(&[&"as given, ascending", &0.25]).row(&[&"shuffled", &0.125]);
        assert_eq!(csv.len(), 2);
        csv.save(&path, &["lab-99".into(), "machine: test".into()]).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text,
            "# lab-99\n# machine: test\norder,seconds\n\"as given, ascending\",0.25\nshuffled,0.125\n"
        );
        // and a CSV reader that skips comments gets the numbers back
        let mut reader = csv::ReaderBuilder::new().comment(Some(b'#')).from_path(&path).unwrap();
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(&rows[1][1], "0.125");
    }

    #[test]
    #[should_panic(expected = "one value per column")]
    fn csv_rejects_a_short_row() {
        Csv::new(&["a", "b"]).row(&[&1]);
    }
}
