//! The sample data of `ninesim fit`, generated from known laws, so that a fit can be judged
//! against the truth: an incident log of a small service (`examples/data/incident-log.csv`) and
//! the ages of disks at failure or at the end of a test (`examples/data/disk-ages.csv`).
//!
//! ```text
//!  2021-01-01T00:00:00Z                 five years (1826 days)                 2026-01-01T00:00:00Z
//!  web  ──up──[r]────────up───────[r]──up──[r]── … ──up (censored at the window's end)──|
//!  db   ────────up────────[ r ]──────────up───── … ──[ r (an open repair: no `end`) ─────|
//!  lb   ──up──[r]─────────────────up───────[r]── … ──up (censored)─────────────────────|
//! ```
//!
//! **Incident log**, one row per incident (`component,start,end`, RFC 3339 to the second). Each
//! component fails and is repaired on its own; a repair makes it as good as new, so its times to
//! failure are independent draws of one law (and so are its repairs):
//!
//! | component | time to failure                                  | repair                                         |
//! |-----------|--------------------------------------------------|------------------------------------------------|
//! | `web`     | exponential, mean 1500 h                          | lognormal, μ = ln 1.5, σ = 0.8 (median 1.5 h, mean ≈ 2.07 h) |
//! | `db`      | Weibull, shape 1.6, scale 2500 h (mean ≈ 2241 h)  | gamma, shape 2, scale 2 h (mean 4 h)           |
//! | `lb`      | exponential, mean 2500 h                          | exponential, mean 0.5 h                        |
//!
//! Every component is up and new at 2021-01-01T00:00:00Z; observation ends at
//! 2026-01-01T00:00:00Z (`from` and `to` for `ninesim fit`). An incident whose repair would end
//! after that has an empty `end`; a failure after it is not seen. Times are rounded to the second
//! (so durations differ from the draws by up to a second), and every up time and repair lasts at
//! least one second, as a log written to the second can show.
//!
//! **Disk ages** (`duration,censored`, hours to 0.1 h): 60 disks put in service together, each
//! with a Weibull life of shape 1.3 and scale 40 000 h (mean ≈ 36 940 h), watched for 30 000 h;
//! a disk still running then is censored at 30 000 h.
//!
//! Every draw comes from `Xoshiro256PlusPlus` streams with fixed seeds (one per component, one for
//! the disks), so the files are always the same. `cargo run --release --example incident_log`
//! checks that the bundled files are exactly what it generates, and that ninesim reads them as
//! generated; `-- --write` rewrites them.

use std::path::{Path, PathBuf};

use ninesim::model::incidents::{DataOptions, DataShape, parse};
use rand::SeedableRng;
use rand::rngs::Xoshiro256PlusPlus;
use rand_distr::{Distribution, Exp, Gamma, LogNormal, Weibull};

/// Seed of the first stream; component k uses SEED + k, the disks SEED + 100.
const SEED: u64 = 20_210_101;
/// The window's start and end.
const FROM: &str = "2021-01-01T00:00:00Z";
const TO: &str = "2026-01-01T00:00:00Z";
/// Seconds from 2021-01-01 to 2026-01-01: 1826 days (2024 is a leap year).
const WINDOW_SECONDS: i64 = 1826 * 86_400;

type Draw = Box<dyn Fn(&mut Xoshiro256PlusPlus) -> f64>;

fn law<D: Distribution<f64> + 'static>(d: D) -> Draw {
    Box::new(move |rng| d.sample(rng))
}

/// A component's name, its laws (hours) and their means.
struct Component {
    id: &'static str,
    failure: Draw,
    repair: Draw,
    means: [f64; 2],
}

fn components() -> Result<Vec<Component>, Box<dyn std::error::Error>> {
    Ok(vec![
        // Lognormal mean: median × e^(σ²/2); Weibull mean: scale × Γ(1 + 1/shape), Γ(1.625) ≈ 0.8966.
        Component {
            id: "web",
            failure: law(Exp::new(1.0 / 1500.0)?),
            repair: law(LogNormal::new(1.5f64.ln(), 0.8)?),
            means: [1500.0, 1.5 * 0.32f64.exp()],
        },
        Component { id: "db", failure: law(Weibull::new(2500.0, 1.6)?), repair: law(Gamma::new(2.0, 2.0)?), means: [2500.0 * 0.8966, 4.0] },
        Component { id: "lb", failure: law(Exp::new(1.0 / 2500.0)?), repair: law(Exp::new(2.0)?), means: [2500.0, 0.5] },
    ])
}

/// One incident: component index, start and end in seconds from the window's start (`None`:
/// still open at its end).
type Incident = (usize, i64, Option<i64>);

/// Hours to whole seconds, at least one.
fn seconds(hours: f64) -> i64 {
    ((hours * 3600.0).round() as i64).max(1)
}

/// Each component's life over the window: up, fail, repair, up again, until the window ends.
fn incidents(components: &[Component]) -> Vec<Incident> {
    let mut all = Vec::new();
    for (k, c) in components.iter().enumerate() {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(SEED + k as u64);
        let mut up_since = 0;
        loop {
            let start = up_since + seconds((c.failure)(&mut rng));
            if start >= WINDOW_SECONDS {
                break;
            }
            let end = start + seconds((c.repair)(&mut rng));
            if end > WINDOW_SECONDS {
                all.push((k, start, None));
                break;
            }
            all.push((k, start, Some(end)));
            up_since = end;
        }
    }
    // As a log is written: by time, whatever the component.
    all.sort_by_key(|&(k, start, _)| (start, k));
    all
}

fn stamp(from: jiff::Timestamp, seconds: i64) -> Result<String, jiff::Error> {
    Ok(from.checked_add(jiff::SignedDuration::from_secs(seconds))?.to_string())
}

fn incident_log(components: &[Component], incidents: &[Incident]) -> Result<String, Box<dyn std::error::Error>> {
    let from: jiff::Timestamp = FROM.parse()?;
    let mut text = format!(
        "# Sample incident log for `ninesim fit`: generated by examples/incident_log.rs, whose doc comment gives the laws.\n\
         # Observed from {FROM} to {TO}; an empty `end` is a repair still open then.\n\
         component,start,end\n"
    );
    for &(k, start, end) in incidents {
        let end = end.map(|e| stamp(from, e)).transpose()?.unwrap_or_default();
        text.push_str(&format!("{},{},{end}\n", components[k].id, stamp(from, start)?));
    }
    Ok(text)
}

/// 60 disks' ages at failure, or 30 000 h when still running (censored).
fn disk_ages() -> Result<(String, usize), Box<dyn std::error::Error>> {
    const DISKS: usize = 60;
    const WATCHED: f64 = 30_000.0;
    let life: Weibull<f64> = Weibull::new(40_000.0, 1.3)?;
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(SEED + 100);
    let mut text = String::from(
        "# Sample disk ages for `ninesim fit`: generated by examples/incident_log.rs (Weibull shape 1.3, scale 40000 h).\n\
         # 60 disks watched for 30000 h; `censored` is true for a disk still running then.\n\
         duration,censored\n",
    );
    let mut failed = 0;
    for _ in 0..DISKS {
        // Rounded to 0.1 h, and at least that: a duration is > 0.
        let age = (life.sample(&mut rng) * 10.0).round().max(1.0) / 10.0;
        if age < WATCHED {
            failed += 1;
            text.push_str(&format!("{age:.1},false\n"));
        } else {
            text.push_str(&format!("{WATCHED:.0},true\n"));
        }
    }
    Ok((text, failed))
}

fn data_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples").join("data").join(name)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let components = components()?;
    let incidents = incidents(&components);
    let log = incident_log(&components, &incidents)?;
    let (disks, failed_disks) = disk_ages()?;
    let files = [("incident-log.csv", &log), ("disk-ages.csv", &disks)];
    if std::env::args().any(|a| a == "--write") {
        std::fs::create_dir_all(data_path(""))?;
        for (name, text) in files {
            std::fs::write(data_path(name), text)?;
            println!("wrote {}", data_path(name).display());
        }
    }
    for (name, text) in files {
        let bundled = std::fs::read_to_string(data_path(name))?;
        assert!(
            bundled == *text,
            "examples/data/{name} is not what this example generates: `cargo run --release --example incident_log -- --write` rewrites it"
        );
    }

    // ninesim reads the log as generated: per component, as many incidents and up times.
    let options = DataOptions { from: Some(FROM.into()), to: Some(TO.into()), ..DataOptions::default() };
    let data = parse(&log, Path::new("incident-log.csv"), &options)?;
    assert_eq!(data.shape, DataShape::Timeline);
    assert!(data.warnings.is_empty(), "{:?}", data.warnings);
    assert_eq!(data.window_length, Some(WINDOW_SECONDS as f64 / 3600.0));
    println!("incident log: {} incidents over {} h", incidents.len(), WINDOW_SECONDS / 3600);
    for (k, c) in components.iter().enumerate() {
        let read = data.components.iter().find(|d| d.id.as_deref() == Some(c.id)).ok_or("a component is missing")?;
        let mine: Vec<&Incident> = incidents.iter().filter(|i| i.0 == k).collect();
        let open = mine.iter().filter(|i| i.2.is_none()).count();
        let failures = read.failures.iter().filter(|o| !o.censored).count();
        assert_eq!(failures, mine.len(), "{}: one failure per incident", c.id);
        assert_eq!(read.repairs.len(), mine.len());
        assert_eq!(read.repairs.iter().filter(|o| o.censored).count(), open);
        let (up, down): (f64, f64) = (read.failures.iter().map(|o| o.time).sum(), read.repairs.iter().map(|o| o.time).sum());
        // Up and repair times fill the window exactly: nothing lost or counted twice.
        assert!((up + down - WINDOW_SECONDS as f64 / 3600.0).abs() < 1e-6, "{}: {up} + {down}", c.id);
        // Total time over failures: the exponential law's estimate of the mean, a rough guide for
        // the others (`ninesim fit` does it properly).
        println!(
            "  {:>3}: {failures} failures, {open} repair(s) open at the end; up {:.0} h per failure (law's mean {:.0} h), {:.2} h per repair (law's mean {:.2} h)",
            c.id,
            up / failures.max(1) as f64,
            c.means[0],
            down / (read.repairs.len() - open).max(1) as f64,
            c.means[1]
        );
    }

    let disk_data = parse(&disks, Path::new("disk-ages.csv"), &DataOptions::default())?;
    assert_eq!(disk_data.shape, DataShape::Durations);
    let sample = &disk_data.components[0].failures;
    assert_eq!(sample.len(), 60);
    assert_eq!(sample.iter().filter(|o| !o.censored).count(), failed_disks);
    assert!(sample.iter().filter(|o| o.censored).all(|o| o.time == 30_000.0));
    println!("disk ages: {failed_disks} of 60 failed within 30000 h, the rest censored");
    Ok(())
}
