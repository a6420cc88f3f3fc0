//! The HTML reports in a real browser: a run's report and a comparison's report are opened in
//! headless Chromium, which must load each with no console message (the pages have no script,
//! so any message is a fault), keep every chart (as many `<svg>` in the DOM it built as in the
//! file), and paint something (the screenshot is not blank).
//!
//! Skipped, saying so, where no Chromium can be found: `.ci/run` installs one from the Debian
//! packages when it can. `NINESIM_CHROMIUM` names a browser binary to use instead of searching
//! `PATH`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Names Chromium goes by, in the order they are looked for on `PATH`.
const NAMES: [&str; 6] = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "headless_shell"];

/// The browser to use, if any.
fn chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("NINESIM_CHROMIUM") {
        return Some(PathBuf::from(path));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).flat_map(|dir| NAMES.iter().map(move |n| dir.join(n))).find(|p| p.is_file())
}

/// What the browser made of a page.
struct Rendering {
    screenshot: Vec<u8>,
    dom: String,
    log: String,
}

/// Runs `browser` with `args` and the page's URL, for at most a minute; its stdout and stderr.
fn run_browser(browser: &Path, profile: &Path, args: &[String], page: &Path) -> (String, String) {
    let url = format!("file://{}", page.display());
    let mut child = Command::new(browser)
        .args(["--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--hide-scrollbars", "--mute-audio"])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(["--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000"])
        .args(args)
        .arg(&url)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("could not start {}: {e}", browser.display()));
    // Read both pipes on threads, so that a chatty browser never blocks on a full pipe.
    let mut stdout = child.stdout.take().expect("stdout");
    let mut stderr = child.stderr.take().expect("stderr");
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut stdout, &mut s);
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut s);
        s
    });
    let start = Instant::now();
    loop {
        match child.try_wait().expect("wait") {
            Some(_) => break,
            None if start.elapsed() > Duration::from_secs(60) => {
                let _ = child.kill();
                let _ = child.wait();
                panic!("{} did not finish {url} within a minute", browser.display());
            }
            None => std::thread::sleep(Duration::from_millis(100)),
        }
    }
    (out.join().expect("stdout reader"), err.join().expect("stderr reader"))
}

/// Opens `page` twice: once for a screenshot, once for the DOM it builds.
fn render(browser: &Path, page: &Path, scratch: &Path) -> Rendering {
    let shot = scratch.join("screenshot.png");
    let (_, log) = run_browser(
        browser,
        &scratch.join("profile-shot"),
        &[format!("--screenshot={}", shot.display()), "--window-size=1100,2400".to_string()],
        page,
    );
    let screenshot = std::fs::read(&shot).unwrap_or_else(|e| panic!("no screenshot of {} ({e}); the browser said:\n{log}", page.display()));
    let (dom, dom_log) = run_browser(browser, &scratch.join("profile-dom"), &["--dump-dom".to_string()], page);
    Rendering { screenshot, dom, log: log + &dom_log }
}

/// Console messages in Chromium's log (`…:CONSOLE(12)] "Uncaught …", source: …`).
fn console_messages(log: &str) -> Vec<&str> {
    log.lines().filter(|l| l.contains(":CONSOLE(") || l.contains("Uncaught")).collect()
}

/// The share of pixels that are not the page's white, and how many colours the image has.
fn ink(png: &[u8]) -> (f64, usize) {
    let image = image::load_from_memory(png).expect("the screenshot is a PNG").to_rgb8();
    let total = (image.width() * image.height()).max(1) as f64;
    let inked = image.pixels().filter(|p| p.0.iter().any(|&c| c < 235)).count() as f64;
    let mut colours: Vec<[u8; 3]> = image.pixels().map(|p| p.0).collect();
    colours.sort_unstable();
    colours.dedup();
    (inked / total, colours.len())
}

fn ninesim(args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_ninesim")).current_dir(env!("CARGO_MANIFEST_DIR")).args(args).output().expect("runs");
    assert!(out.status.success(), "ninesim {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// Loads the report in `dir` and checks what a reader would see.
fn check_in_browser(browser: &Path, dir: &Path, scratch: &Path, what: &str) {
    let page = dir.join("index.html").canonicalize().expect("report written");
    let html = std::fs::read_to_string(&page).expect("report");
    let rendering = render(browser, &page, scratch);
    let messages = console_messages(&rendering.log);
    assert!(messages.is_empty(), "the {what} report logs to the console:\n{}", messages.join("\n"));
    let (in_file, in_dom) = (html.matches("<svg").count(), rendering.dom.matches("<svg").count());
    assert!(in_file > 0, "the {what} report has no chart");
    assert_eq!(in_dom, in_file, "the browser kept {in_dom} of the {what} report's {in_file} charts");
    let (share, colours) = ink(&rendering.screenshot);
    assert!(share > 0.01 && colours > 16, "the screenshot of the {what} report is blank ({:.2}% ink, {colours} colours)", 100.0 * share);
}

#[test]
fn run_and_comparison_reports_load_in_chromium_without_errors_and_paint() {
    let Some(browser) = chromium() else {
        println!("skipped: no Chromium found (install chromium)");
        eprintln!("skipped: no Chromium found (install chromium)");
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let (run, compare) = (dir.path().join("run"), dir.path().join("compare"));
    let path = |p: &Path| p.to_str().expect("utf-8 temp path").to_string();
    ninesim(&["run", "models/web-service.json", "-n", "40", "--quiet", "--report", &path(&run)]);
    ninesim(&["compare", "models/two-zone.json", "models/three-zone.json", "-n", "30", "--quiet", "--report", &path(&compare)]);
    for (what, report) in [("run", &run), ("comparison", &compare)] {
        let scratch = dir.path().join(format!("browser-{what}"));
        std::fs::create_dir_all(&scratch).expect("scratch dir");
        check_in_browser(&browser, report, &scratch, what);
    }
}

#[test]
fn console_messages_are_found_in_chromium_logs() {
    let log = "[1:1:0101/000000.1:INFO:CONSOLE(3)] \"Uncaught ReferenceError: x is not defined\", source: file:///r.html (3)\n\
               [1:1:0101/000000.2:WARNING:gpu_init.cc(12)] no GPU";
    assert_eq!(console_messages(log).len(), 1);
    assert!(console_messages("[1:1:0101/000000.2:WARNING:gpu_init.cc(12)] no GPU").is_empty());
}
