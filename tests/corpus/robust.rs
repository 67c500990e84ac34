//! No prefix or shuffle of real recaps makes the parser or the extractor panic (the
//! bare-clone suite does the same to every fixture).

use crate::mangle::prefixes_and_shuffle;
use crate::shared;

#[test]
fn prefixes_and_shuffles_of_real_recaps_never_panic() {
    let files = [
        "corpus/canstack/2013-04-01-apr-canstack-meeting.md",
        "corpus/canstack-textile/2013-02-28-feb-canstack-meeting.textile",
        "corpus/nodejs-tsc/2018-04-25.md",
        "corpus/rust-lang-team/minutes/2021-11-09.md",
        "corpus/tc39-notes/2018-07/july-24.md",
        "corpus/tc39-notes/2020-07/july-20.md",
    ];
    for f in files {
        let text = std::fs::read_to_string(shared().join(f)).expect("corpus file");
        prefixes_and_shuffle(&text);
    }
}
