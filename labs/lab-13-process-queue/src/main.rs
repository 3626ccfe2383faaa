//! `cargo run -p lab-13-process-queue`: runs the chapter's experiments in turn.

fn main() {
    println!("lab-13-process-queue: experiments not written yet");
}
