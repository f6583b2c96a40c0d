//! The `rasid` command's library half: the default pipeline and the readable report, shared by
//! the binary and the golden tests.

pub mod pipeline;
pub mod report;
