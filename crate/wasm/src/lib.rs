//! The npm package's wasm module: links metis-lightnode, whose `wasm` module holds the bindings.

pub use metis_lightnode;
