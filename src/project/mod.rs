//! The project layer: the one place that sees the whole tree. The per-file pass records each
//! file's links (`links`); this layer resolves them (`resolve`), joins the files into
//! migration units (`units`) and decides, before anything is written, which units move to
//! `@wecom/jssdk` whole and which stay as they are (DESIGN.md promise 7).

pub mod fate;
pub mod links;
pub mod resolve;
pub mod sdk_build;
pub mod units;

pub use units::{PlainScript, Project, ProjectFile, Unit};
