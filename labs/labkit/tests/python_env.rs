//! `WORKBOOK_PYTHON` chooses the interpreter when no `--python` is given:
//! pointed at a missing program, every Python series is skipped with the
//! note. A file of its own, since it changes the process's environment.

use labkit::python::{PYTHON_ENV, Python, PythonArgs, Script};

#[test]
fn the_environment_override_names_the_interpreter() {
    // Safety: the only test in this binary, so no other thread reads the
    // environment while it is changed.
    unsafe { std::env::set_var(PYTHON_ENV, "no-such-python-from-env") };
    let python = PythonArgs::default().find();
    assert_eq!(python.version(), None);
    let script = Script::new("lab-01-threads", "cpu_threads.py");
    let note = python.run::<serde_json::Value>(&script).unwrap_err().note();
    assert!(
        note.starts_with("Python series skipped: `no-such-python-from-env` cannot be started"),
        "{note}"
    );
    // An explicit --python still wins over the environment.
    let given = PythonArgs { python: Some("no-such-python-given".into()) }.find();
    assert!(given.describe().contains("no-such-python-given"), "{}", given.describe());
    assert!(Python::find(None).describe().contains("no-such-python-from-env"));
}
