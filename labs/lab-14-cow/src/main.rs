//! `cargo run -p lab-14-cow` (being written).
fn main() {}
