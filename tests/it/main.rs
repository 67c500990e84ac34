//! Integration tests: one binary, one module per feature.

mod cli;
mod corpus;
mod crash;
mod data;
mod graph;
mod interop;
mod links;
mod props;
mod robust;
mod seed;
mod shapes;
mod snapshot;
mod support;
