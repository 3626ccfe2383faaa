//! A log line built in the child without allocating: exercise
//! `11-signal-safe-line`.
//!
//! A child forked from a threaded parent may only call async-signal-safe
//! functions until it execs (POSIX, `fork`), and `malloc` is not one of
//! them: `format!` is out. The child's pid is known only in the child, so
//! its line cannot be prepared by the parent either. [`format_line`]
//! writes it into a fixed array on the stack, digits by hand;
//! `Sink::write_unlocked` then hands it to one `write(2)`.

/// The longest line [`format_line`] writes: `child 4294967295 pid
/// 4294967295: hello, I did something\n` is 56 bytes.
pub const LINE_MAX: usize = 64;

/// A line in a fixed buffer: no heap.
pub struct Line {
    /// The bytes; only the first `len` are the line.
    bytes: [u8; LINE_MAX],
    /// How many bytes are written.
    len: usize,
}

impl Line {
    /// An empty line.
    pub const fn new() -> Line {
        Line { bytes: [0; LINE_MAX], len: 0 }
    }

    /// The line so far.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }

    /// Appends `text` (cut short if the line is full).
    pub fn push(&mut self, text: &[u8]) {
        let n = text.len().min(LINE_MAX - self.len);
        self.bytes[self.len..self.len + n].copy_from_slice(&text[..n]);
        self.len += n;
    }

    /// Appends `n` in decimal, most significant digit first, without
    /// allocating: `0` is `"0"`, `4711` is `"4711"`.
    pub fn push_number(&mut self, n: u32) {
        // exercise: solution
        // Digits come out least significant first (n % 10), so fill a
        // small array from its end, then push the part that was filled.
        let mut digits = [0u8; 10]; // u32::MAX has 10 digits
        let mut start = digits.len();
        let mut rest = n;
        loop {
            start -= 1;
            digits[start] = b'0' + (rest % 10) as u8;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
        self.push(&digits[start..]);
        // exercise: starter
        // todo!("append the decimal digits of n, most significant first, without allocating")
        // exercise: end
    }
}

impl Default for Line {
    fn default() -> Line {
        Line::new()
    }
}

/// `child <who> pid <pid>: hello, I did something\n`, the line a child
/// writes with `Sink::write_unlocked`.
pub fn format_line(who: u32, pid: u32) -> Line {
    let mut line = Line::new();
    line.push(b"child ");
    line.push_number(who);
    line.push(b" pid ");
    line.push_number(pid);
    line.push(b": hello, I did something\n");
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(n: u32) -> String {
        let mut line = Line::new();
        line.push_number(n);
        String::from_utf8(line.as_bytes().to_vec()).unwrap()
    }

    #[test]
    fn zero_is_one_digit() {
        assert_eq!(number(0), "0");
    }

    #[test]
    fn digits_come_out_most_significant_first() {
        assert_eq!(number(7), "7");
        assert_eq!(number(10), "10");
        assert_eq!(number(4711), "4711");
        assert_eq!(number(1_000_000), "1000000");
    }

    #[test]
    fn the_largest_number_fits() {
        assert_eq!(number(u32::MAX), "4294967295");
    }

    #[test]
    fn every_number_reads_as_rust_prints_it() {
        for n in (0..2_000).chain([99_999, 100_000, 123_456_789, u32::MAX - 1]) {
            assert_eq!(number(n), n.to_string());
        }
    }

    #[test]
    fn a_whole_line_reads_as_the_lab_writes_it() {
        let line = format_line(3, 4711);
        assert_eq!(line.as_bytes(), b"child 3 pid 4711: hello, I did something\n");
        let longest = format_line(u32::MAX, u32::MAX);
        assert_eq!(longest.as_bytes().len(), 56, "and it fits in LINE_MAX");
        assert!(longest.as_bytes().ends_with(b"something\n"));
    }
}
