// The notebook's FetchUrls, translated word for word: two threads take URLs
// from one list and write pages to one file, with no lock. Rust refuses it.
use std::fs::File;
use std::io::Write;
use std::thread;

fn fetch(url: &str) -> Vec<u8> {
    format!("<html>{url}</html>").into_bytes() // stands in for an HTTP request
}

fn main() {
    let mut urls = vec!["http://127.0.0.1:8000/1".to_string(), "http://127.0.0.1:8000/2".to_string()];
    let mut output = File::create("output.txt").unwrap();
    let t1 = thread::spawn(|| {
        while let Some(url) = urls.pop() {
            output.write_all(&fetch(&url)).unwrap();
        }
    });
    let t2 = thread::spawn(|| {
        while let Some(url) = urls.pop() {
            output.write_all(&fetch(&url)).unwrap();
        }
    });
    t1.join().unwrap();
    t2.join().unwrap();
}
