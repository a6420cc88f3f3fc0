//! An error on its way to the user, with the exit code it ends in: 2 when the user must fix a
//! model or a setting, 1 otherwise. Each library error says which it is (`is_bad_input`), and
//! the conversion below asks it once, where the error enters the binary: nothing downcasts.

use std::fmt;

/// Exit code for a model or setting that is not valid.
pub const EXIT_BAD_INPUT: u8 = 2;

/// A failed command: the error with its causes, and whether it is the user's input.
pub struct Failure {
    /// What went wrong, with context.
    pub error: anyhow::Error,
    /// Whether the user must fix a model or a setting.
    pub bad_input: bool,
}

/// The binary's result type.
pub type Result<T> = std::result::Result<T, Failure>;

impl Failure {
    /// 2 for bad input, else 1.
    pub fn exit_code(&self) -> u8 {
        if self.bad_input { EXIT_BAD_INPUT } else { 1 }
    }

    /// Whether it is a closed pipe (`ninesim run … | head`), which is not a failure.
    pub fn is_broken_pipe(&self) -> bool {
        self.error.chain().any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe))
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.alternate() { write!(f, "{:#}", self.error) } else { write!(f, "{}", self.error) }
    }
}

/// Library errors know whether they are the user's input.
macro_rules! blamed {
    ($($error:ty),*) => {$(
        impl From<$error> for Failure {
            fn from(e: $error) -> Self {
                let bad_input = e.is_bad_input();
                Self { error: e.into(), bad_input }
            }
        }
    )*};
}

blamed!(ninesim::ModelError, ninesim::RunError, ninesim::shard::MergeError, ninesim::sweep::SweepError);

/// Everything else fails the run, not the input.
macro_rules! not_blamed {
    ($($error:ty),*) => {$(
        impl From<$error> for Failure {
            fn from(e: $error) -> Self {
                Self { error: e.into(), bad_input: false }
            }
        }
    )*};
}

not_blamed!(anyhow::Error, std::io::Error, ninesim::analysis::AnalysisError);
