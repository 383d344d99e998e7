//! Header RLP decoding: any bytes give a header or a typed error, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = metis_lightnode::verify::header_from_rlp("fuzz", data);
});
