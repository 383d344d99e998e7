//! The IndexedDB backend (idb crate). Every request of a transaction is issued before any is
//! awaited, then the transaction is committed and awaited: a batch is all there or not at all.

use super::{Store, Table, Write};
use crate::error::{Error, Result};
use idb::{Database, DatabaseEvent, Factory, TransactionMode};
use js_sys::Uint8Array;
use wasm_bindgen::JsValue;

/// Schema version: bump with a migration in `open` when tables change.
const VERSION: u32 = 1;

/// MetisDB in IndexedDB.
#[derive(Debug)]
pub struct IndexedDbStore {
    db: Database,
}

fn failed(what: &str, e: impl std::fmt::Display) -> Error {
    Error::invalid(format!("IndexedDB {what}"), e)
}

fn bytes(v: &[u8]) -> JsValue {
    Uint8Array::from(v).into()
}

impl IndexedDbStore {
    /// Opens (creating or upgrading) the database `name`.
    pub async fn open(name: &str) -> Result<Self> {
        let factory = Factory::new().map_err(|e| failed("unavailable", e))?;
        let mut request = factory.open(name, Some(VERSION)).map_err(|e| failed("open", e))?;
        request.on_upgrade_needed(|event| {
            // A failed upgrade makes the open request fail, which `open` reports.
            if let Ok(db) = event.database() {
                let existing = db.store_names();
                for table in Table::ALL {
                    if !existing.iter().any(|n| n == table.name()) {
                        let _ = db.create_object_store(table.name(), idb::ObjectStoreParams::new());
                    }
                }
            }
        });
        let db = request.await.map_err(|e| failed("open", e))?;
        Ok(Self { db })
    }

    /// Closes the connection (before reopening, or to let another tab upgrade the schema).
    pub fn close(self) {
        self.db.close();
    }

    fn transaction(&self, tables: &[Table], mode: TransactionMode) -> Result<idb::Transaction> {
        let names: Vec<&str> = tables.iter().map(|t| t.name()).collect();
        self.db.transaction(&names, mode).map_err(|e| failed("transaction", e))
    }
}

impl Store for IndexedDbStore {
    async fn get_many(&self, table: Table, keys: &[Vec<u8>]) -> Result<Vec<Option<Vec<u8>>>> {
        let tx = self.transaction(&[table], TransactionMode::ReadOnly)?;
        let store = tx.object_store(table.name()).map_err(|e| failed("store", e))?;
        let requests = keys.iter().map(|k| store.get(bytes(k)).map_err(|e| failed("get", e))).collect::<Result<Vec<_>>>()?;
        let mut out = Vec::with_capacity(keys.len());
        for request in requests {
            let value = request.await.map_err(|e| failed("get", e))?;
            out.push(value.map(|v| Uint8Array::new(&v).to_vec()));
        }
        Ok(out)
    }

    async fn write(&self, batch: Vec<Write>) -> Result<()> {
        let tx = self.transaction(&Table::ALL, TransactionMode::ReadWrite)?;
        for (table, key, value) in &batch {
            let store = tx.object_store(table.name()).map_err(|e| failed("store", e))?;
            store.put(&bytes(value), Some(&bytes(key))).map_err(|e| failed("put", e))?;
        }
        let result = tx.commit().map_err(|e| failed("commit", e))?.await.map_err(|e| failed("commit", e))?;
        if result.is_committed() { Ok(()) } else { Err(failed("commit", "transaction aborted")) }
    }

    async fn remove(&self, table: Table, keys: &[Vec<u8>]) -> Result<()> {
        let tx = self.transaction(&[table], TransactionMode::ReadWrite)?;
        let store = tx.object_store(table.name()).map_err(|e| failed("store", e))?;
        for key in keys {
            store.delete(bytes(key)).map_err(|e| failed("delete", e))?;
        }
        tx.commit().map_err(|e| failed("commit", e))?.await.map_err(|e| failed("commit", e))?;
        Ok(())
    }

    async fn clear(&self) -> Result<()> {
        let tx = self.transaction(&Table::ALL, TransactionMode::ReadWrite)?;
        for table in Table::ALL {
            tx.object_store(table.name()).map_err(|e| failed("store", e))?.clear().map_err(|e| failed("clear", e))?;
        }
        tx.commit().map_err(|e| failed("commit", e))?.await.map_err(|e| failed("commit", e))?;
        Ok(())
    }
}
