//! Integration tests: one binary, one module per feature.

mod cli;
mod interop;
mod seed;
mod shapes;
mod support;
