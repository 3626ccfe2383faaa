//! What the kernel says a process's memory is made of: the totals of
//! `/proc/<pid>/smaps_rollup`.
//!
//! Each line of that file is a field name, a number of kibibytes and `kB`
//! (`Private_Dirty:     1024 kB`); the few the chapter reads are kept in
//! [`Rollup`], in bytes. See the kernel's
//! [proc(5) documentation of smaps](https://docs.kernel.org/filesystems/proc.html#smaps)
//! for what each field counts.
//!
//! This file is the chapter's first exercise (`14-smaps`): [`parse`] is
//! what the student writes. It stands alone (std only).

use std::io;

// ANCHOR: rollup
/// A process's memory, summed over all its mappings, in bytes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rollup {
    /// Resident: every page of the process in RAM, shared or not.
    pub rss: u64,
    /// Proportional: each resident page divided by the number of processes
    /// mapping it. Summed over processes, it counts every page once.
    pub pss: u64,
    /// Pages only this process maps, never written since they were mapped.
    pub private_clean: u64,
    /// Pages only this process maps, written: after a fork, the copies.
    pub private_dirty: u64,
    /// Pages other processes map too, not written.
    pub shared_clean: u64,
    /// Pages other processes map too, written before they were shared.
    pub shared_dirty: u64,
    /// Anonymous memory mapped with transparent huge pages (2 MiB each on x86-64).
    pub anon_huge_pages: u64,
}
// ANCHOR_END: rollup

impl Rollup {
    /// Pages no other process maps: `Private_Clean + Private_Dirty`.
    pub fn private(&self) -> u64 {
        self.private_clean + self.private_dirty
    }

    /// Pages other processes map too: `Shared_Clean + Shared_Dirty`.
    pub fn shared(&self) -> u64 {
        self.shared_clean + self.shared_dirty
    }

    /// Reads `/proc/<pid>/smaps_rollup` (`pid` 0: this process).
    pub fn of(pid: i32) -> io::Result<Rollup> {
        let path = match pid {
            0 => "/proc/self/smaps_rollup".to_string(),
            pid => format!("/proc/{pid}/smaps_rollup"),
        };
        std::fs::read_to_string(path).map(|text| parse(&text))
    }
}

// ANCHOR: parse
/// Reads the fields of [`Rollup`] from the text of `smaps_rollup`. Lines
/// it does not know (the header, `Swap:`, `Locked:`, ...) are skipped, and
/// so is a line whose number does not parse; a field missing from the text
/// stays 0. The file gives kibibytes; the result is in bytes.
pub fn parse(text: &str) -> Rollup {
    let mut rollup = Rollup::default();
    // exercise: solution
    for line in text.lines() {
        let mut words = line.split_whitespace();
        let (Some(name), Some(number)) = (words.next(), words.next()) else { continue };
        let Ok(kib) = number.parse::<u64>() else { continue };
        let field = match name {
            "Rss:" => &mut rollup.rss,
            "Pss:" => &mut rollup.pss,
            "Private_Clean:" => &mut rollup.private_clean,
            "Private_Dirty:" => &mut rollup.private_dirty,
            "Shared_Clean:" => &mut rollup.shared_clean,
            "Shared_Dirty:" => &mut rollup.shared_dirty,
            "AnonHugePages:" => &mut rollup.anon_huge_pages,
            _ => continue,
        };
        *field = kib * 1024;
    }
    // exercise: starter
    // // todo: for each line "Name:   number kB", set the matching field (in bytes)
    // let _ = text;
    // exercise: end
    rollup
}
// ANCHOR_END: parse

#[cfg(test)]
mod tests {
    use super::*;

    /// A real file, from a process that had just forked.
    const SAMPLE: &str = "\
55d0c3a4e000-7ffd2b5f1000 ---p 00000000 00:00 0                          [rollup]
Rss:              263300 kB
Pss:               53010 kB
Pss_Dirty:         52800 kB
Pss_Anon:          52800 kB
Shared_Clean:       1240 kB
Shared_Dirty:     261888 kB
Private_Clean:        12 kB
Private_Dirty:       160 kB
Referenced:       263300 kB
Anonymous:        262048 kB
AnonHugePages:      2048 kB
Swap:                  0 kB
Locked:                0 kB
";

    #[test]
    fn reads_every_field_in_bytes() {
        let r = parse(SAMPLE);
        assert_eq!(r.rss, 263_300 * 1024);
        assert_eq!(r.pss, 53_010 * 1024);
        assert_eq!(r.shared_clean, 1_240 * 1024);
        assert_eq!(r.shared_dirty, 261_888 * 1024);
        assert_eq!(r.private_clean, 12 * 1024);
        assert_eq!(r.private_dirty, 160 * 1024);
        assert_eq!(r.anon_huge_pages, 2_048 * 1024);
    }

    #[test]
    fn similar_names_are_not_confused() {
        // `Pss_Dirty:` and `Pss_Anon:` come after `Pss:`; they must not overwrite it.
        let r = parse(SAMPLE);
        assert_eq!(r.pss, 53_010 * 1024, "Pss is not Pss_Dirty or Pss_Anon");
        assert_eq!(r.private() + r.shared(), r.rss, "private and shared make up Rss");
    }

    #[test]
    fn unknown_and_broken_lines_are_skipped() {
        let r = parse("Rss: 8 kB\nSwap: 99 kB\nPss: lots kB\nPrivate_Dirty:\n\nShared_Clean: 4 kB");
        assert_eq!(r, Rollup { rss: 8192, shared_clean: 4096, ..Rollup::default() });
    }

    #[test]
    fn this_process_has_resident_memory() {
        let r = Rollup::of(0).expect("Linux has /proc/self/smaps_rollup");
        assert!(r.rss > 0 && r.pss > 0 && r.pss <= r.rss, "{r:?}");
    }
}
