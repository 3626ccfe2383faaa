//! `cargo run -p lab-12-pipe`: runs the chapter's experiments in turn.

fn main() {
    println!("lab-12-pipe: experiments not written yet");
}
