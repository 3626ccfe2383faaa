// The same two threads in a scope: now they may borrow `urls` and `output`
// (the scope outlives neither), but both want to change them at once.
use std::fs::File;
use std::io::Write;
use std::thread;

fn fetch(url: &str) -> Vec<u8> {
    format!("<html>{url}</html>").into_bytes() // stands in for an HTTP request
}

fn main() {
    let mut urls = vec!["http://127.0.0.1:8000/1".to_string(), "http://127.0.0.1:8000/2".to_string()];
    let mut output = File::create("output.txt").unwrap();
    thread::scope(|s| {
        s.spawn(|| {
            while let Some(url) = urls.pop() {
                output.write_all(&fetch(&url)).unwrap();
            }
        });
        s.spawn(|| {
            while let Some(url) = urls.pop() {
                output.write_all(&fetch(&url)).unwrap();
            }
        });
    });
}
