//! The store's writer: concurrent writes share commits, yet each stands or falls alone.

use recoup_tasks::server::store::{Store, StoreError};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_failing_write_rolls_back_alone_while_its_group_commits() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("local.db")).unwrap();
    let mut writes = Vec::new();
    for n in 0..40 {
        let store = store.clone();
        writes.push(tokio::spawn(async move {
            store
                .write(move |conn, _| {
                    let id = Store::add_artist(conn, &format!("artist {n}"), "2026-01-01")?;
                    if n % 7 == 3 {
                        return Err(StoreError::Corrupt(format!("refused {n}")));
                    }
                    Ok(id)
                })
                .await
        }));
    }
    let mut committed = 0;
    for (n, write) in writes.into_iter().enumerate() {
        let outcome = write.await.unwrap();
        assert_eq!(outcome.is_err(), n % 7 == 3, "write {n}: {outcome:?}");
        committed += usize::from(outcome.is_ok());
    }
    let artists = store.read(|conn, _| Store::artists(conn)).await.unwrap();
    assert_eq!(artists.len(), committed);
    assert!(artists.iter().all(|artist| {
        let n: usize = artist
            .name
            .as_deref()
            .unwrap()
            .trim_start_matches("artist ")
            .parse()
            .unwrap();
        n % 7 != 3
    }));
}

#[test]
fn write_now_works_outside_the_runtime() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("local.db")).unwrap();
    let id = store
        .write_now(|conn, _| Store::add_artist(conn, "Nova", "2026-01-01"))
        .unwrap();
    let artists = store.read_now(|conn, _| Store::artists(conn)).unwrap();
    assert_eq!(artists[0].account_id, id);
}

/// `serve`'s store maps the file for its readers; the embedded local mode's does not (the
/// mapped pages would count in the TUI's resident size).
#[test]
fn only_a_mapped_store_maps_the_file_for_its_readers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("local.db");
    let mmap_size = |store: &Store| {
        store
            .read_now(|conn, _| {
                Ok(conn.pragma_query_value(None, "mmap_size", |row| row.get::<_, i64>(0))?)
            })
            .unwrap()
    };
    assert_eq!(mmap_size(&Store::open(&path).unwrap()), 0);
    assert_eq!(
        mmap_size(&Store::open_mapped(&path).unwrap()),
        256 * 1024 * 1024
    );
}
