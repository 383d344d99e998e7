//! The in-memory backend: tests, Node, and pages that should not persist.

use super::{Store, Table, Write};
use crate::error::Result;
use std::cell::RefCell;
use std::collections::HashMap;

/// Tables in a `HashMap`.
#[derive(Debug, Default)]
pub struct MemoryStore {
    tables: RefCell<HashMap<(Table, Vec<u8>), Vec<u8>>>,
}

impl MemoryStore {
    /// Overwrites an entry without any check (tests use it to corrupt the store).
    pub fn tamper(&self, table: Table, key: Vec<u8>, value: Vec<u8>) {
        self.tables.borrow_mut().insert((table, key), value);
    }
}

impl Store for MemoryStore {
    async fn get_many(&self, table: Table, keys: &[Vec<u8>]) -> Result<Vec<Option<Vec<u8>>>> {
        let tables = self.tables.borrow();
        Ok(keys.iter().map(|k| tables.get(&(table, k.clone())).cloned()).collect())
    }

    async fn write(&self, batch: &[Write]) -> Result<()> {
        let mut tables = self.tables.borrow_mut();
        for (table, key, value) in batch {
            tables.insert((*table, key.clone()), value.clone());
        }
        Ok(())
    }

    async fn remove(&self, table: Table, keys: &[Vec<u8>]) -> Result<()> {
        let mut tables = self.tables.borrow_mut();
        for key in keys {
            tables.remove(&(table, key.clone()));
        }
        Ok(())
    }

    async fn clear(&self) -> Result<()> {
        self.tables.borrow_mut().clear();
        Ok(())
    }

    async fn entries(&self, table: Table) -> Result<Vec<(Vec<u8>, Vec<u8>)>> {
        Ok(self.tables.borrow().iter().filter(|((t, _), _)| *t == table).map(|((_, k), v)| (k.clone(), v.clone())).collect())
    }

    async fn keys(&self, table: Table) -> Result<Vec<Vec<u8>>> {
        Ok(self.tables.borrow().keys().filter(|(t, _)| *t == table).map(|(_, k)| k.clone()).collect())
    }
}
