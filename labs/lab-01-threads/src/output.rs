//! The shared output file's format, and the check that every page in it
//! arrived whole.
//!
//! Each fetched page is one record: a header line naming the URL and the
//! body's length, the body, and a newline:
//!
//! ```text
//! == http://127.0.0.1:40123/page/7 (4096 bytes)
//! page 7
//! abcdefgh...
//! ```
//!
//! A record is written with one `write_all` while the writer holds the
//! file's lock, so records cannot interleave. [`read_records`] reads the file
//! back, and fails at the first byte that does not fit the format: that is
//! how an interleaved write would show.

use std::io::{self, Write};

/// Writes one record: header, body, newline, in one `write_all`.
pub fn write_record(out: &mut impl Write, url: &str, body: &[u8]) -> io::Result<()> {
    let mut record = format!("== {url} ({} bytes)\n", body.len()).into_bytes();
    record.extend_from_slice(body);
    record.push(b'\n');
    out.write_all(&record)
}

/// Reads the records of `data` back as `(url, body)` pairs, in file order;
/// an error says where the format breaks.
pub fn read_records(mut data: &[u8]) -> Result<Vec<(String, Vec<u8>)>, String> {
    let mut records = Vec::new();
    while !data.is_empty() {
        let at = records.len();
        let end = data.iter().position(|&b| b == b'\n').ok_or(format!("record {at}: no header"))?;
        let header =
            std::str::from_utf8(&data[..end]).map_err(|_| format!("record {at}: bad header"))?;
        let (url, len) = header
            .strip_prefix("== ")
            .and_then(|h| h.strip_suffix(" bytes)"))
            .and_then(|h| h.rsplit_once(" ("))
            .ok_or(format!("record {at}: header {header:?} is not `== URL (N bytes)`"))?;
        let len: usize = len.parse().map_err(|_| format!("record {at}: bad length {len:?}"))?;
        let rest = &data[end + 1..];
        if rest.len() < len + 1 || rest[len] != b'\n' {
            return Err(format!(
                "record {at} ({url}): its {len} bytes are not followed by a newline"
            ));
        }
        records.push((url.to_string(), rest[..len].to_vec()));
        data = &rest[len + 1..];
    }
    Ok(records)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_read_back_as_written() {
        let mut file = Vec::new();
        write_record(&mut file, "http://a/1", b"one\ntwo").unwrap();
        write_record(&mut file, "http://a/2", b"").unwrap();
        let records = read_records(&file).unwrap();
        assert_eq!(
            records,
            [("http://a/1".into(), b"one\ntwo".to_vec()), ("http://a/2".into(), vec![])]
        );
    }

    #[test]
    fn interleaved_writes_are_caught() {
        let (mut a, mut b) = (Vec::new(), Vec::new());
        write_record(&mut a, "http://a/1", &[b'x'; 40]).unwrap();
        write_record(&mut b, "http://a/2", &[b'y'; 40]).unwrap();
        // Two writers without a lock: half of one record, then the other, then the rest.
        let mixed = [&a[..30], &b[..], &a[30..]].concat();
        assert!(read_records(&mixed).is_err());
        assert!(read_records(&a[..a.len() - 1]).is_err(), "a truncated record");
    }
}
