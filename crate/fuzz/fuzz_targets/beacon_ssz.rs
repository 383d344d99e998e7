//! Beacon API answers in SSZ, as a light client reads them from an untrusted server: a list of
//! period updates (length-prefixed, each with its fork digest), a bootstrap and an update of every
//! kind under every fork.
#![no_main]
use libfuzzer_sys::fuzz_target;
use metis_lightnode::beacon::wire::{self, Kind};
use metis_lightnode::beacon::{Fork, Mainnet, Network};

fuzz_target!(|data: &[u8]| {
    let _ = wire::updates_ssz::<Mainnet>(&Network::mainnet(), data, 128);
    let _ = wire::peek_first_header_slot(data);
    for fork in [Fork::Altair, Fork::Capella, Fork::Deneb, Fork::Electra] {
        let _ = wire::bootstrap_ssz::<Mainnet>(fork, data);
        for kind in [Kind::Update, Kind::FinalityUpdate, Kind::OptimisticUpdate] {
            let _ = wire::update_ssz::<Mainnet>(fork, kind, data);
        }
    }
});
