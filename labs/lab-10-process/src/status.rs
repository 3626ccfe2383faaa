//! Reading `/proc/<pid>/status`: how many threads a process has, and how
//! much memory its page tables take (`VmPTE`). Exercise `10-status`.
//!
//! The file is one `Name:\tvalue` line per field (see `proc_pid_status(5)`;
//! a tab after the colon, spaces before a number in kB):
//!
//! ```text
//! Threads:    4
//! VmPTE:        2108 kB
//! ```
//!
//! The lab reads the thread count of the parent and of each child (a
//! forked child has only the thread that forked), and the parent's `VmPTE`
//! beside the cost of `fork`, which copies those page tables.

/// The value of field `name` (`"Threads"`, `"VmPTE"`): the text after
/// `name:` on its line, trimmed. `None` if the field is missing.
// exercise: solution
pub fn field<'s>(status: &'s str, name: &str) -> Option<&'s str> {
    status.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        (key == name).then(|| value.trim())
    })
}
// exercise: starter
// pub fn field<'s>(status: &'s str, name: &str) -> Option<&'s str> {
//     todo!("find the line `name:\\tvalue` and return its value, trimmed")
// }
// exercise: end

/// The `Threads:` count.
// exercise: solution
pub fn threads(status: &str) -> Option<usize> {
    field(status, "Threads")?.parse().ok()
}
// exercise: starter
// pub fn threads(status: &str) -> Option<usize> {
//     todo!("parse the Threads field")
// }
// exercise: end

/// `VmPTE:` in bytes (the file gives kB, which are KiB).
// exercise: solution
pub fn page_tables_bytes(status: &str) -> Option<u64> {
    let kib: u64 = field(status, "VmPTE")?.strip_suffix("kB")?.trim().parse().ok()?;
    Some(kib * 1024)
}
// exercise: starter
// pub fn page_tables_bytes(status: &str) -> Option<u64> {
//     todo!("parse `    2108 kB` into bytes")
// }
// exercise: end

/// This process's status file.
pub fn own_status() -> String {
    std::fs::read_to_string("/proc/self/status").unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "Name:\tlab-10-process\nUmask:\t0022\nState:\tS (sleeping)\n\
        VmPTE:\t    2108 kB\nVmSwap:\t       0 kB\nThreads:\t4\nSigQ:\t0/95457\n";

    #[test]
    fn a_field_is_found_by_its_whole_name() {
        assert_eq!(field(SAMPLE, "State"), Some("S (sleeping)"));
        assert_eq!(field(SAMPLE, "Threads"), Some("4"));
        assert_eq!(field(SAMPLE, "Thread"), None, "a prefix of a name is not the name");
        assert_eq!(field(SAMPLE, "VmRSS"), None);
    }

    #[test]
    fn threads_are_counted() {
        assert_eq!(threads(SAMPLE), Some(4));
        assert_eq!(threads("Threads:\tmany\n"), None);
    }

    #[test]
    fn page_tables_are_read_in_bytes() {
        assert_eq!(page_tables_bytes(SAMPLE), Some(2108 * 1024));
        assert_eq!(page_tables_bytes("VmPTE:\t12\n"), None, "no unit: not the format");
    }

    #[test]
    fn this_process_has_threads_and_page_tables() {
        let status = std::fs::read_to_string("/proc/self/status").unwrap();
        assert!(threads(&status).unwrap() >= 1);
        assert!(page_tables_bytes(&status).unwrap() > 0);
    }
}
