//! Each start method leaves no child and no descriptor behind. One test
//! in this binary, so no other test's children are about.

use lab_10_process::starts;
use labkit::process::{children_of_self, open_fds};

#[test]
fn every_start_method_reaps_its_child_and_closes_what_it_opened() {
    let lab = std::path::Path::new(env!("CARGO_BIN_EXE_lab-10-process"));
    let before = open_fds();
    assert!(starts::fork(|| 3).unwrap().code() == Some(3));
    let mut spawned = starts::posix_spawn(lab, &["--child", "exit"], &[], None).unwrap();
    assert!(spawned.wait().unwrap().success());
    assert!(starts::command(lab, &["--child", "exit"]).status().unwrap().success());
    assert_eq!(children_of_self(), vec![], "a child is left");
    assert_eq!(open_fds(), before, "a descriptor was left open");
}
