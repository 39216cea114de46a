//! Fuzz target: arbitrary bytes as a .qdpx file read as a REFI-QDA project must give
//! `Ok` or an `IngestError`, never a panic, a hang or an out-of-memory.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(mut file) = tempfile::Builder::new().suffix(".qdpx").tempfile_in("/dev/shm") else {
        return;
    };
    if std::io::Write::write_all(&mut file, data).is_err() {
        return;
    }
    let options = clusterdx_ingest::ReadOptions {
        format: Some(clusterdx_ingest::Format::Qdpx),
        name: "fuzz".into(),
        ..Default::default()
    };
    let _ = clusterdx_ingest::read(file.path(), &options);
});
