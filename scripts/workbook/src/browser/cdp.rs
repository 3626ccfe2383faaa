//! Just enough of the Chrome DevTools Protocol to load a page from disk in
//! the system's chromium, hear its console errors, run a script in it and
//! take a screenshot.
//!
//! Why by hand: the check needs six commands (`Target.createTarget`,
//! `Target.attachToTarget`, `Page.navigate`, `Runtime.evaluate`,
//! `Page.captureScreenshot`, the `enable`s) and three events. The
//! `headless_chrome` crate downloads the protocol's definition from GitHub in
//! its build script (so it cannot build offline, as CI's machine may be),
//! and `chromiumoxide` brings an async runtime and megabytes of generated
//! code. A WebSocket crate and JSON are all the protocol needs:
//! <https://chromedevtools.github.io/devtools-protocol/>.
//!
//! Layout: [`Chromium`] owns the browser process (started headless with a
//! throw-away profile; killed, reaped and its profile removed on drop) and
//! the WebSocket; [`Chromium::call`] sends a command and waits for its
//! answer, keeping the events that arrive meanwhile; [`Chromium::open`]
//! loads a page and returns its console errors.

use anyhow::{Context, Result, anyhow, bail};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

/// How long one command or one page load may take.
const PATIENCE: Duration = Duration::from_secs(30);

/// A headless chromium with one tab attached.
pub struct Chromium {
    /// The browser process, ended on drop.
    process: Child,
    /// Its profile, removed on drop.
    _profile: tempfile::TempDir,
    /// The browser's DevTools WebSocket.
    socket: WebSocket<MaybeTlsStream<TcpStream>>,
    /// The tab's session, named in every page-level command.
    session: String,
    /// The id of the last command sent.
    last_id: u64,
    /// Events received and not yet looked at.
    events: Vec<Value>,
}

impl Chromium {
    /// Starts `program` headless and attaches to a new tab of
    /// `width` x `height` pixels.
    pub fn launch(program: &Path, width: u32, height: u32) -> Result<Chromium> {
        let profile = tempfile::Builder::new().prefix("workbook-chromium-").tempdir()?;
        let mut process = Command::new(program)
            .args([
                "--headless=new",
                // As root (CI, containers) chromium refuses to start with its sandbox.
                "--no-sandbox",
                "--disable-gpu",
                // A container's /dev/shm is often 64 MiB, too small for
                // chromium's shared memory: it crashes tabs. Use /tmp instead.
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-extensions",
                "--disable-breakpad",
                "--disable-crash-reporter",
                "--remote-debugging-port=0",
                &format!("--window-size={width},{height}"),
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .with_context(|| format!("cannot start {}", program.display()))?;
        let address = match devtools_address(&mut process) {
            Ok(address) => address,
            Err(e) => {
                let _ = process.kill();
                let _ = process.wait();
                return Err(e);
            }
        };
        let (socket, _) = tungstenite::connect(&address)
            .with_context(|| format!("cannot reach chromium's DevTools at {address}"))?;
        if let MaybeTlsStream::Plain(stream) = socket.get_ref() {
            stream.set_read_timeout(Some(PATIENCE))?;
        }
        let mut browser = Chromium {
            process,
            _profile: profile,
            socket,
            session: String::new(),
            last_id: 0,
            events: Vec::new(),
        };
        let target = browser.call_browser("Target.createTarget", json!({"url": "about:blank"}))?;
        let target = target["targetId"].as_str().context("no targetId")?.to_string();
        let attached = browser
            .call_browser("Target.attachToTarget", json!({"targetId": target, "flatten": true}))?;
        browser.session = attached["sessionId"].as_str().context("no sessionId")?.to_string();
        for domain in ["Page.enable", "Runtime.enable", "Log.enable"] {
            browser.call(domain, json!({}))?;
        }
        let size =
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false});
        browser.call("Emulation.setDeviceMetricsOverride", size)?;
        Ok(browser)
    }

    /// Sends a command to the tab and returns its result.
    pub fn call(&mut self, method: &str, params: Value) -> Result<Value> {
        let session = self.session.clone();
        self.send(method, params, Some(&session))
    }

    /// Sends a command to the browser itself.
    fn call_browser(&mut self, method: &str, params: Value) -> Result<Value> {
        self.send(method, params, None)
    }

    fn send(&mut self, method: &str, params: Value, session: Option<&str>) -> Result<Value> {
        self.last_id += 1;
        let id = self.last_id;
        let mut command = json!({"id": id, "method": method, "params": params});
        if let Some(session) = session {
            command["sessionId"] = json!(session);
        }
        self.socket.send(Message::text(command.to_string()))?;
        let deadline = Instant::now() + PATIENCE;
        loop {
            let message = self.next_message(deadline)?;
            if message["id"].as_u64() == Some(id) {
                if let Some(error) = message.get("error") {
                    bail!("chromium refused {method}: {error}");
                }
                return Ok(message["result"].clone());
            }
            self.events.push(message);
        }
    }

    /// The next message from the browser, or an error at `deadline`.
    fn next_message(&mut self, deadline: Instant) -> Result<Value> {
        loop {
            if Instant::now() >= deadline {
                bail!("chromium did not answer within {} s", PATIENCE.as_secs());
            }
            match self.socket.read().context("lost chromium's DevTools connection")? {
                Message::Text(text) => return Ok(serde_json::from_str(text.as_str())?),
                Message::Close(_) => bail!("chromium closed its DevTools connection"),
                _ => {}
            }
        }
    }

    /// Loads `url` and waits for its `load` event; returns every console
    /// error, uncaught exception and failed load the page reported.
    pub fn open(&mut self, url: &str) -> Result<Vec<String>> {
        self.events.clear();
        let navigated = self.call("Page.navigate", json!({"url": url}))?;
        if let Some(error) = navigated["errorText"].as_str() {
            return Ok(vec![format!("the page did not load: {error}")]);
        }
        let deadline = Instant::now() + PATIENCE;
        while !self.events.iter().any(|e| e["method"] == "Page.loadEventFired") {
            let message = self.next_message(deadline)?;
            self.events.push(message);
        }
        // Scripts run on load (mdBook's theme, search set-up): give their
        // errors a moment to arrive before reading them.
        self.call(
            "Runtime.evaluate",
            json!({"expression": "new Promise(r => setTimeout(r, 200))", "awaitPromise": true}),
        )?;
        Ok(self.events.drain(..).filter_map(|e| error_in(&e)).collect())
    }

    /// Evaluates a JavaScript expression in the page (awaiting a promise)
    /// and returns its value.
    pub fn evaluate(&mut self, expression: &str) -> Result<Value> {
        let params = json!({"expression": expression, "returnByValue": true, "awaitPromise": true});
        let result = self.call("Runtime.evaluate", params)?;
        if let Some(exception) = result.get("exceptionDetails") {
            return Err(anyhow!("the check's script failed in the page: {exception}"));
        }
        Ok(result["result"]["value"].clone())
    }

    /// A PNG of the page as shown.
    pub fn screenshot(&mut self) -> Result<Vec<u8>> {
        use base64::Engine;
        let shot = self.call("Page.captureScreenshot", json!({"format": "png"}))?;
        let data = shot["data"].as_str().context("no screenshot data")?;
        Ok(base64::engine::general_purpose::STANDARD.decode(data)?)
    }
}

impl Drop for Chromium {
    /// Asks the browser to close (so its helper processes end with it),
    /// waits up to 5 s, then kills it; always reaps it.
    fn drop(&mut self) {
        self.last_id += 1;
        let close = json!({"id": self.last_id, "method": "Browser.close"});
        let _ = self.socket.send(Message::text(close.to_string()));
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.process.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// Reads chromium's stderr up to its "DevTools listening on ws://…" line;
/// the rest of its stderr is drained on a thread so it never blocks.
fn devtools_address(process: &mut Child) -> Result<String> {
    let stderr = process.stderr.take().context("chromium's stderr")?;
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut said = Vec::new();
        let mut sent = false;
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if !sent {
                if let Some(at) = line.find("ws://") {
                    let _ = tx.send(Ok(line[at..].trim().to_string()));
                    sent = true;
                } else {
                    said.push(line);
                }
            }
        }
        if !sent {
            let _ = tx.send(Err(said.join("\n")));
        }
    });
    match rx.recv_timeout(PATIENCE) {
        Ok(Ok(address)) => Ok(address),
        Ok(Err(said)) => bail!("chromium exited before opening DevTools:\n{said}"),
        Err(_) => bail!("chromium did not open DevTools within {} s", PATIENCE.as_secs()),
    }
}

/// The error an event reports, if it is one: a console error, an uncaught
/// exception, or a log entry of level `error` (a resource that failed to load).
fn error_in(event: &Value) -> Option<String> {
    let params = &event["params"];
    match event["method"].as_str()? {
        "Runtime.exceptionThrown" => {
            let details = &params["exceptionDetails"];
            let text = details["exception"]["description"].as_str().or(details["text"].as_str());
            Some(format!("uncaught exception: {}", text.unwrap_or("?")))
        }
        "Runtime.consoleAPICalled" if params["type"] == "error" => {
            let args: Vec<String> = params["args"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|a| {
                    a["value"].as_str().map_or_else(|| a["description"].to_string(), String::from)
                })
                .collect();
            Some(format!("console.error: {}", args.join(" ")))
        }
        "Log.entryAdded" if params["entry"]["level"] == "error" => {
            let entry = &params["entry"];
            let url = entry["url"].as_str().map(|u| format!(" ({u})")).unwrap_or_default();
            Some(format!("{}{url}", entry["text"].as_str().unwrap_or("?")))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_read_from_the_three_kinds_of_event() {
        let thrown = json!({"method": "Runtime.exceptionThrown", "params": {"exceptionDetails": {"text": "Uncaught", "exception": {"description": "ReferenceError: x is not defined"}}}});
        assert_eq!(
            error_in(&thrown).unwrap(),
            "uncaught exception: ReferenceError: x is not defined"
        );
        let console = json!({"method": "Runtime.consoleAPICalled", "params": {"type": "error", "args": [{"type": "string", "value": "boom"}]}});
        assert_eq!(error_in(&console).unwrap(), "console.error: boom");
        let log = json!({"method": "Log.entryAdded", "params": {"entry": {"level": "error", "text": "Failed to load resource", "url": "file:///x.svg"}}});
        assert_eq!(error_in(&log).unwrap(), "Failed to load resource (file:///x.svg)");
        let info =
            json!({"method": "Runtime.consoleAPICalled", "params": {"type": "log", "args": []}});
        assert!(error_in(&info).is_none());
    }
}
