//! The native persistent backend for the CLI and the proxy: redb, an embedded key-value store in pure
//! Rust. Chosen for what MetisDB needs: a write transaction is atomic and crash-safe (copy-on-write
//! B-trees, no write-ahead log to tune), readers see a consistent snapshot while a writer commits,
//! the file format is stable, and it builds without C (unlike RocksDB) and is not beta (unlike sled).

use super::{Store, Table, Write};
use crate::error::{Error, Result};
use redb::{Database, ReadableDatabase, ReadableTable, TableDefinition};
use std::path::Path;

fn definition(table: Table) -> TableDefinition<'static, &'static [u8], &'static [u8]> {
    TableDefinition::new(table.name())
}

fn failed(what: &str, e: impl std::fmt::Display) -> Error {
    Error::invalid(format!("store file {what}"), e)
}

/// MetisDB in one redb file.
#[derive(Debug)]
pub struct FileStore {
    db: Database,
}

impl FileStore {
    /// Opens the store at `path`, creating it and its tables when new.
    pub fn open(path: &Path) -> Result<Self> {
        let db = Database::create(path).map_err(|e| failed("open", e))?;
        let tx = db.begin_write().map_err(|e| failed("open", e))?;
        for table in Table::ALL {
            tx.open_table(definition(table)).map_err(|e| failed("open", e))?;
        }
        tx.commit().map_err(|e| failed("open", e))?;
        Ok(Self { db })
    }
}

impl Store for FileStore {
    async fn get_many(&self, table: Table, keys: &[Vec<u8>]) -> Result<Vec<Option<Vec<u8>>>> {
        let tx = self.db.begin_read().map_err(|e| failed("read", e))?;
        let t = tx.open_table(definition(table)).map_err(|e| failed("read", e))?;
        keys.iter()
            .map(|k| t.get(k.as_slice()).map(|v| v.map(|v| v.value().to_vec())).map_err(|e| failed("read", e)))
            .collect()
    }

    async fn write(&self, batch: &[Write]) -> Result<()> {
        let tx = self.db.begin_write().map_err(|e| failed("write", e))?;
        for table in Table::ALL {
            let mut t = tx.open_table(definition(table)).map_err(|e| failed("write", e))?;
            for (_, key, value) in batch.iter().filter(|(t, _, _)| *t == table) {
                t.insert(key.as_slice(), value.as_slice()).map_err(|e| failed("write", e))?;
            }
        }
        tx.commit().map_err(|e| failed("commit", e))
    }

    async fn remove(&self, table: Table, keys: &[Vec<u8>]) -> Result<()> {
        let tx = self.db.begin_write().map_err(|e| failed("remove", e))?;
        {
            let mut t = tx.open_table(definition(table)).map_err(|e| failed("remove", e))?;
            for key in keys {
                t.remove(key.as_slice()).map_err(|e| failed("remove", e))?;
            }
        }
        tx.commit().map_err(|e| failed("commit", e))
    }

    async fn entries(&self, table: Table) -> Result<Vec<(Vec<u8>, Vec<u8>)>> {
        let tx = self.db.begin_read().map_err(|e| failed("read", e))?;
        let t = tx.open_table(definition(table)).map_err(|e| failed("read", e))?;
        let mut out = Vec::new();
        for item in t.iter().map_err(|e| failed("read", e))? {
            let (k, v) = item.map_err(|e| failed("read", e))?;
            out.push((k.value().to_vec(), v.value().to_vec()));
        }
        Ok(out)
    }

    async fn keys(&self, table: Table) -> Result<Vec<Vec<u8>>> {
        let tx = self.db.begin_read().map_err(|e| failed("read", e))?;
        let t = tx.open_table(definition(table)).map_err(|e| failed("read", e))?;
        let mut out = Vec::new();
        for item in t.iter().map_err(|e| failed("read", e))? {
            out.push(item.map_err(|e| failed("read", e))?.0.value().to_vec());
        }
        Ok(out)
    }

    async fn clear(&self) -> Result<()> {
        let tx = self.db.begin_write().map_err(|e| failed("clear", e))?;
        for table in Table::ALL {
            tx.delete_table(definition(table)).map_err(|e| failed("clear", e))?;
            tx.open_table(definition(table)).map_err(|e| failed("clear", e))?;
        }
        tx.commit().map_err(|e| failed("commit", e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::MemoryStore;

    /// Writes `writes` to `store`, then checks that it lists, per table, exactly their keys.
    async fn lists_the_keys_it_holds<S: Store>(store: &S, writes: &[Write]) {
        store.write(writes).await.expect("write");
        for table in [Table::Nodes, Table::Code, Table::Headers] {
            let mut keys = store.keys(table).await.expect("keys");
            keys.sort();
            let mut expected: Vec<Vec<u8>> = writes.iter().filter(|(t, _, _)| *t == table).map(|(_, k, _)| k.clone()).collect();
            expected.sort();
            assert_eq!(keys, expected, "{table:?}");
        }
    }

    #[test]
    fn each_backend_lists_the_keys_it_holds_without_their_values() {
        let writes: Vec<Write> = (0u8..20).map(|i| (if i % 3 == 0 { Table::Code } else { Table::Nodes }, vec![i; 32], vec![i; 100])).collect();
        let path = std::env::temp_dir().join(format!("ml-keys-{}.redb", std::process::id()));
        std::fs::remove_file(&path).ok();
        futures::executor::block_on(async {
            lists_the_keys_it_holds(&FileStore::open(&path).expect("open"), &writes).await;
            lists_the_keys_it_holds(&MemoryStore::default(), &writes).await;
        });
        std::fs::remove_file(&path).ok();
    }
}
