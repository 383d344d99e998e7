//! The IndexedDB backend (idb crate). Every request of a transaction is issued before any is
//! awaited, then the transaction is committed and awaited: a batch is all there or not at all.
//!
//! Tabs of one origin share the database. When another tab upgrades the schema, this connection
//! closes at once (so the upgrade is not blocked) and reopens on next use; if the database is now
//! newer than this page's schema, that reopening fails with a typed error asking for a reload.

use super::{Store, Table, Write};
use crate::error::{Error, Result};
use idb::{Database, DatabaseEvent, Factory, TransactionMode};
use js_sys::Uint8Array;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};

/// Schema version, with its migrations in `open`: 1 nodes, code, headers; 2 adds batches; 3 adds
/// consensus.
const VERSION: u32 = 3;

/// MetisDB in IndexedDB.
#[derive(Debug)]
pub struct IndexedDbStore {
    name: String,
    db: RefCell<Option<Rc<Database>>>,
    /// Set when another tab's upgrade closed the connection.
    closed: Rc<Cell<bool>>,
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
        let closed = Rc::new(Cell::new(false));
        let db = connect(name, &closed).await?;
        Ok(Self { name: name.to_owned(), db: RefCell::new(Some(Rc::new(db))), closed })
    }

    /// The open connection, reopened when another tab's upgrade closed it.
    async fn database(&self) -> Result<Rc<Database>> {
        let current = self.db.borrow().clone();
        match current {
            Some(db) if !self.closed.get() => Ok(db),
            _ => {
                self.closed.set(false);
                let db = Rc::new(connect(&self.name, &self.closed).await?);
                *self.db.borrow_mut() = Some(Rc::clone(&db));
                Ok(db)
            }
        }
    }

    /// Closes the connection (before reopening, or to let another tab upgrade the schema).
    pub fn close(self) {
        if let Some(db) = self.db.borrow_mut().take() {
            db.close();
        }
    }

    async fn transaction(&self, tables: &[Table], mode: TransactionMode) -> Result<idb::Transaction> {
        let names: Vec<&str> = tables.iter().map(|t| t.name()).collect();
        self.database().await?.transaction(&names, mode).map_err(|e| failed("transaction", e))
    }
}

/// Opens `name` at this schema's version, migrating older ones, and closes the connection when
/// another tab asks to upgrade.
async fn connect(name: &str, closed: &Rc<Cell<bool>>) -> Result<Database> {
    let factory = Factory::new().map_err(|e| failed("unavailable", e))?;
    let mut request = factory.open(name, Some(VERSION)).map_err(|e| failed("open", e))?;
    request.on_upgrade_needed(|event| {
        // Migrations: every version only adds tables, so creating the missing ones upgrades
        // any older store in place. A failed upgrade makes the open request fail, reported below.
        if let Ok(db) = event.database() {
            let existing = db.store_names();
            for table in Table::ALL {
                if !existing.iter().any(|n| n == table.name()) {
                    let _ = db.create_object_store(table.name(), idb::ObjectStoreParams::new());
                }
            }
        }
    });
    let mut db = request.await.map_err(|e| match e.to_string().contains("VersionError") {
        true => failed("open", "a newer version of this page changed the store's schema; reload the page"),
        false => failed("open", e),
    })?;
    let flag = Rc::clone(closed);
    db.on_version_change(move |event| {
        flag.set(true);
        close_target(event.as_ref());
    });
    Ok(db)
}

/// The name of a transaction's error.
fn error_name(transaction: &JsValue) -> Option<String> {
    let error = js_sys::Reflect::get(transaction, &"error".into()).ok()?;
    js_sys::Reflect::get(&error, &"name".into()).ok()?.as_string()
}

/// Closes the database an event was fired at.
fn close_target(event: &JsValue) {
    let target = js_sys::Reflect::get(event, &"target".into()).unwrap_or(JsValue::UNDEFINED);
    if let Ok(close) = js_sys::Reflect::get(&target, &"close".into()).and_then(|f| f.dyn_into::<js_sys::Function>().map_err(JsValue::from)) {
        let _ = close.call0(&target);
    }
}

/// The bytes of a stored value or key: a `Uint8Array` as written (keys come back as an
/// `ArrayBuffer`). Anything else, which a page sharing the origin can write, is no bytes: never a
/// length to allocate (`new Uint8Array(1e9)`) or an exception thrown through wasm. A value read as
/// empty then fails its hash check and is dropped as corrupt.
fn stored_bytes(value: &JsValue) -> Option<Vec<u8>> {
    if let Some(array) = value.dyn_ref::<Uint8Array>() {
        return Some(array.to_vec());
    }
    value.dyn_ref::<js_sys::ArrayBuffer>().map(|buffer| Uint8Array::new(buffer).to_vec())
}

impl Store for IndexedDbStore {
    async fn get_many(&self, table: Table, keys: &[Vec<u8>]) -> Result<Vec<Option<Vec<u8>>>> {
        let tx = self.transaction(&[table], TransactionMode::ReadOnly).await?;
        let store = tx.object_store(table.name()).map_err(|e| failed("store", e))?;
        let requests = keys.iter().map(|k| store.get(bytes(k)).map_err(|e| failed("get", e))).collect::<Result<Vec<_>>>()?;
        let mut out = Vec::with_capacity(keys.len());
        for request in requests {
            let value = request.await.map_err(|e| failed("get", e))?;
            out.push(value.map(|v| stored_bytes(&v).unwrap_or_default()));
        }
        Ok(out)
    }

    async fn write(&self, batch: &[Write]) -> Result<()> {
        // A second handle on the transaction: why it aborted (e.g. `QuotaExceededError`) is read from
        // it once the commit has settled.
        let handle: JsValue = self.transaction(&Table::ALL, TransactionMode::ReadWrite).await?.into();
        let tx = idb::Transaction::try_from(handle.clone()).map_err(|e| failed("transaction", e))?;
        for (table, key, value) in batch {
            let store = tx.object_store(table.name()).map_err(|e| failed("store", e))?;
            store.put(&bytes(value), Some(&bytes(key))).map_err(|e| failed("put", e))?;
        }
        let result = tx.commit().map_err(|e| failed("commit", e))?.await.map_err(|e| failed("commit", e))?;
        match (result.is_committed(), error_name(&handle)) {
            (true, _) => Ok(()),
            (false, Some(name)) if name == "QuotaExceededError" => Err(Error::StoreFull),
            (false, name) => Err(failed("commit", format!("transaction aborted ({})", name.unwrap_or_default()))),
        }
    }

    async fn remove(&self, table: Table, keys: &[Vec<u8>]) -> Result<()> {
        let tx = self.transaction(&[table], TransactionMode::ReadWrite).await?;
        let store = tx.object_store(table.name()).map_err(|e| failed("store", e))?;
        for key in keys {
            store.delete(bytes(key)).map_err(|e| failed("delete", e))?;
        }
        tx.commit().map_err(|e| failed("commit", e))?.await.map_err(|e| failed("commit", e))?;
        Ok(())
    }

    async fn entries(&self, table: Table) -> Result<Vec<(Vec<u8>, Vec<u8>)>> {
        let tx = self.transaction(&[table], TransactionMode::ReadOnly).await?;
        let store = tx.object_store(table.name()).map_err(|e| failed("store", e))?;
        let keys = store.get_all_keys(None, None).map_err(|e| failed("keys", e))?;
        let values = store.get_all(None, None).map_err(|e| failed("values", e))?;
        let keys = keys.await.map_err(|e| failed("keys", e))?;
        let values = values.await.map_err(|e| failed("values", e))?;
        // An entry under a key this node cannot have written is passed over.
        Ok(keys.iter().zip(values).filter_map(|(k, v)| Some((stored_bytes(k)?, stored_bytes(&v).unwrap_or_default()))).collect())
    }

    async fn keys(&self, table: Table) -> Result<Vec<Vec<u8>>> {
        let tx = self.transaction(&[table], TransactionMode::ReadOnly).await?;
        let store = tx.object_store(table.name()).map_err(|e| failed("store", e))?;
        let keys = store.get_all_keys(None, None).map_err(|e| failed("keys", e))?.await.map_err(|e| failed("keys", e))?;
        Ok(keys.iter().filter_map(stored_bytes).collect())
    }

    async fn clear(&self) -> Result<()> {
        let tx = self.transaction(&Table::ALL, TransactionMode::ReadWrite).await?;
        for table in Table::ALL {
            tx.object_store(table.name()).map_err(|e| failed("store", e))?.clear().map_err(|e| failed("clear", e))?;
        }
        tx.commit().map_err(|e| failed("commit", e))?.await.map_err(|e| failed("commit", e))?;
        Ok(())
    }
}
