//! Block RLP decoding and body-against-header checks (transactions of every type, ommers, withdrawals).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = metis_lightnode::verify::verify_block_rlp("fuzz", data);
});
