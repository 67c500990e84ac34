//! Integration tests: one binary, one module per feature.

mod browser;
mod cli;
mod corpus;
mod crash;
mod data;
mod fuzz_regressions;
mod graph;
mod identity;
mod interop;
mod limits;
mod links;
mod props;
mod push;
mod robust;
mod seed;
mod serve;
mod server;
mod shapes;
mod snapshot;
mod support;
