//! Where the binary's bytes go, and what it will never write over.
//!
//! Every file a command writes goes through one [`Outputs`], built from the command's inputs
//! (models, shards). It refuses a target that is one of those inputs (by path after following
//! links, or by inode for hard links) or that this command has already written, and it never
//! replaces something that is not a regular file: a device or a FIFO (`--out /dev/null`) is
//! written in place, a symbolic link is followed and its target replaced, a directory is refused.
//! Regular files are written atomically: a temporary file in the same directory, synced, then
//! renamed over the target, so a reader never sees a partial result.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::fs::{self, Metadata};
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

/// What a command reads (never to be written over) and what it has written so far.
///
/// Each regular file written is announced on standard error ("wrote 'PATH'", the path as the
/// user gave it), unless the command is quiet: a script's `2>/dev/null` or `-q` silences it.
pub struct Outputs {
    inputs: Vec<Input>,
    /// Each claimed target (links resolved), with the path the user gave for it.
    written: RefCell<BTreeMap<PathBuf, PathBuf>>,
    quiet: Cell<bool>,
    /// Set once standard output's reader has gone (`| head`): nothing more is printed, but the
    /// files asked for are still written.
    stdout_closed: Cell<bool>,
}

struct Input {
    given: PathBuf,
    canonical: Option<PathBuf>,
    metadata: Option<Metadata>,
}

impl Outputs {
    /// Guards the files in `inputs` (those that exist; `-` and missing files are skipped).
    pub fn new<P: AsRef<Path>>(inputs: &[P]) -> Self {
        let inputs = inputs
            .iter()
            // `-` is standard input, not the file `./-`.
            .filter(|p| !ninesim::model::is_stdin(p.as_ref()))
            .map(|p| {
                let given = p.as_ref().to_path_buf();
                Input { canonical: fs::canonicalize(&given).ok(), metadata: fs::metadata(&given).ok(), given }
            })
            .collect();
        Self { inputs, written: RefCell::new(BTreeMap::new()), quiet: Cell::new(false), stdout_closed: Cell::new(false) }
    }

    /// The same, announcing nothing when `quiet`.
    pub fn quiet(self, quiet: bool) -> Self {
        self.quiet.set(quiet);
        self
    }

    /// Says `line` on standard error, unless quiet.
    pub fn announce(&self, line: &str) {
        if !self.quiet.get() {
            eprintln!("{line}");
        }
    }

    /// Prints `bytes` on standard output. A closed pipe (`ninesim … | head`) is not a failure:
    /// the reader has what it wanted, so later output is dropped, and the command goes on to
    /// write its files (an export or a chart must not be lost because stdout was cut short).
    pub fn print(&self, bytes: &[u8]) -> std::io::Result<()> {
        if self.stdout_closed.get() {
            return Ok(());
        }
        let mut stdout = std::io::stdout().lock();
        match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.stdout_closed.set(true);
                Ok(())
            }
            written => written,
        }
    }

    /// Whether standard output's reader has gone (see [`Outputs::print`]).
    pub fn stdout_closed(&self) -> bool {
        self.stdout_closed.get()
    }

    /// Writes `bytes` to `path` under the rules of this module.
    pub fn write(&self, path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
        let target = self.claim(path)?;
        self.write_to(&target, bytes)
    }

    /// Writes `bytes` to `path` as [`Outputs::write`] does, without announcing it (the caller
    /// announces a set of files at once, such as a directory of charts).
    pub fn write_unannounced(&self, path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
        let target = self.claim(path)?;
        self.write_claimed(&target, bytes, false)
    }

    /// Writes `bytes` to `target`, a path returned by [`Outputs::claim`], and announces it.
    pub fn write_to(&self, target: &Path, bytes: &[u8]) -> anyhow::Result<()> {
        self.write_claimed(target, bytes, true)
    }

    fn write_claimed(&self, target: &Path, bytes: &[u8], announce: bool) -> anyhow::Result<()> {
        let shown = self.written.borrow().get(target).cloned().unwrap_or_else(|| target.to_path_buf());
        let path = shown.as_path();
        let regular = !matches!(fs::metadata(target), Ok(m) if !m.is_file());
        self.store(target, path, bytes)?;
        // A device or a pipe (`--out /dev/null`) is not a file the user will look for.
        if regular && announce {
            self.announce(&format!("wrote '{}'", ninesim::units::fmt::visible(&path.display().to_string())));
        }
        Ok(())
    }

    fn store(&self, target: &Path, path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
        match fs::metadata(target) {
            Ok(m) if m.is_dir() => bail!("'{}' is a directory, not a file to write the result to", path.display()),
            // A device, a FIFO or a socket is written in place: replacing it with a regular
            // file would destroy it (as root, `--out /dev/null` would replace the device).
            Ok(m) if !m.is_file() => {
                let mut file = fs::OpenOptions::new().write(true).open(target)?;
                file.write_all(bytes)?;
                file.flush()?;
                Ok(())
            }
            _ => write_atomic(target, bytes),
        }
        .with_context(|| format!("could not write '{}'", path.display()))
    }

    /// Checks that `path` may be written by this command and records it: not an input, not a
    /// result already written. Returns the path to write (a symbolic link resolved).
    pub fn claim(&self, path: &Path) -> anyhow::Result<PathBuf> {
        let target = resolve(path);
        let existing = fs::metadata(&target).ok();
        for input in &self.inputs {
            let same_path = input.canonical.as_ref().is_some_and(|c| *c == target);
            let same_file = match (&existing, &input.metadata) {
                (Some(a), Some(b)) => same_inode(a, b),
                _ => false,
            };
            if same_path || same_file {
                bail!("refusing to write a result over '{}', which this command reads: choose another output path", input.given.display());
            }
        }
        // Refused here, before anything runs, rather than after a simulation when the file is
        // written: a directory, or a file in a directory that does not exist (charts and
        // `--out-dir` create their directories before claiming).
        if existing.as_ref().is_some_and(Metadata::is_dir) {
            bail!("'{}' is a directory, not a file to write the result to", path.display());
        }
        if existing.is_none() {
            let dir = match target.parent() {
                Some(p) if !p.as_os_str().is_empty() => p,
                _ => Path::new("."),
            };
            if !dir.is_dir() {
                bail!("cannot write '{}': there is no directory '{}'", path.display(), dir.display());
            }
        }
        // A device (`/dev/null`) holds no result, so several results may go to it.
        let device = existing.as_ref().is_some_and(|m| !m.is_file());
        if self.written.borrow_mut().insert(target.clone(), path.to_path_buf()).is_some() && !device {
            bail!("'{}' is already a result of this command: two results would share one file", path.display());
        }
        Ok(target)
    }
}

/// `path` with symbolic links and `..` resolved as far as the file system allows: the file's
/// own canonical path when it exists, else its directory's with the file name appended.
fn resolve(path: &Path) -> PathBuf {
    if let Ok(p) = fs::canonicalize(path) {
        return p;
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    match (fs::canonicalize(dir), path.file_name()) {
        (Ok(dir), Some(name)) => dir.join(name),
        _ => path.to_path_buf(),
    }
}

#[cfg(unix)]
fn same_inode(a: &Metadata, b: &Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_inode(_: &Metadata, _: &Metadata) -> bool {
    false
}

/// Writes `bytes` to the regular file `path` so that readers never see a partial file: a
/// temporary file in the same directory (readable as a file the user created would be), synced,
/// then renamed over `path`. The temporary file is removed if anything fails.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".ninesim-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut file = builder.tempfile_in(dir)?;
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.json");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn an_input_or_a_second_result_at_the_same_path_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let model = dir.path().join("m.json");
        fs::write(&model, "{}").unwrap();
        let outputs = Outputs::new(&[&model]);
        let dotted = dir.path().join(".").join("m.json");
        assert!(outputs.write(&dotted, b"x").is_err());
        assert_eq!(fs::read(&model).unwrap(), b"{}");
        let out = dir.path().join("r.json");
        outputs.write(&out, b"1").unwrap();
        assert!(outputs.write(&out, b"2").is_err());
        assert_eq!(fs::read(&out).unwrap(), b"1");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_to_an_input_is_refused_and_a_link_elsewhere_is_followed() {
        let dir = tempfile::tempdir().unwrap();
        let model = dir.path().join("m.json");
        fs::write(&model, "{}").unwrap();
        let hard = dir.path().join("hard.json");
        fs::hard_link(&model, &hard).unwrap();
        let soft = dir.path().join("soft.json");
        std::os::unix::fs::symlink(&model, &soft).unwrap();
        let outputs = Outputs::new(&[&model]);
        assert!(outputs.write(&hard, b"x").is_err());
        assert!(outputs.write(&soft, b"x").is_err());
        assert_eq!(fs::read(&model).unwrap(), b"{}");
        let target = dir.path().join("t.json");
        fs::write(&target, "old").unwrap();
        let link = dir.path().join("link.json");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        outputs.write(&link, b"new").unwrap();
        assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
        assert_eq!(fs::read(&target).unwrap(), b"new");
    }
}
