//! The bare-clone suite: one binary, one module per feature, reading only what the
//! repository holds (`data/`, `tests/fixtures/`, generated recaps). The tests that read
//! real recaps are the corpus suite (`tests/corpus/`).

mod browser;
mod cli;
mod config;
mod crash;
mod data;
mod explain;
mod fixtures;
mod fuzz_regressions;
mod graph;
mod hub;
mod identity;
mod interop;
mod layout;
mod limits;
mod links;
mod links_fix;
mod outcomes;
mod pages;
mod props;
mod push;
mod robust;
mod seed;
mod serve;
mod server;
mod shapes;
mod snapshot;
mod topics;

#[path = "../common/expect.rs"]
mod expect;
#[path = "../common/gen.rs"]
mod gen;
#[path = "../common/kill.rs"]
mod kill;
#[path = "../common/mangle.rs"]
mod mangle;
#[path = "../common/support.rs"]
mod support;
