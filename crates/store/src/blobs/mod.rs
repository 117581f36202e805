//! Files (drawings, photos, documents) stored by their content: the name
//! is the SHA-256 of the bytes, so the same file is kept once, a name can
//! never point at different bytes, and writing is idempotent. The database
//! holds who may see a file; files are only served through an authorised
//! route. The folder can be shared by several nodes; nodes that share no folder
//! use an S3-compatible bucket instead ([`s3`], `uploads_url`).
//!
//! Writing is in two steps so a batch of files costs one flush, not one per
//! file: [`BlobStore::put`] writes (temporary file, then rename) and says
//! whether it created the file; [`BlobStore::persist`] makes the created
//! files durable, and must be called before the transaction that refers to
//! them commits. (A bucket's object is durable once its PUT is answered,
//! so `put` there reports nothing left to persist.)

mod s3;

pub use s3::Bucket;

use sha2::{Digest, Sha256};
use std::io;
use std::path::{Path, PathBuf};

#[derive(Clone, Debug)]
pub struct BlobStore {
    place: Place,
}

#[derive(Clone, Debug)]
enum Place {
    Folder(PathBuf),
    Bucket(Bucket),
}

/// A stored file: its name, and its path if this call created it (and it
/// still has to be made durable).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub sha256: String,
    pub created: Option<PathBuf>,
}

/// Refuses anything but 64 lower-case hex digits, so a name can never
/// reach outside the store.
fn check_name(sha: &str) -> io::Result<()> {
    if sha.len() != 64
        || !sha
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a SHA-256 name",
        ));
    }
    Ok(())
}

impl BlobStore {
    /// Files under a folder.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self {
            place: Place::Folder(root.into()),
        }
    }

    /// Objects in an S3-compatible bucket.
    pub fn bucket(bucket: Bucket) -> Self {
        Self {
            place: Place::Bucket(bucket),
        }
    }

    /// The bucket an `s3://` / `s3+http://` URL names, or else the folder.
    pub fn open(url: Option<&str>, folder: impl Into<PathBuf>) -> io::Result<Self> {
        match url.map(str::trim).filter(|u| !u.is_empty()) {
            Some(u) => Ok(Self::bucket(Bucket::parse(u)?)),
            None => Ok(Self::new(folder)),
        }
    }

    /// `root/ab/abcdef…`: 256 folders of a few hundred files each.
    fn path_of(root: &Path, sha: &str) -> io::Result<PathBuf> {
        check_name(sha)?;
        Ok(root.join(&sha[..2]).join(sha))
    }

    /// Writes `bytes` under their SHA-256 unless already there.
    pub async fn put(&self, bytes: &[u8]) -> io::Result<Stored> {
        let sha256 = hex::encode(Sha256::digest(bytes));
        let root = match &self.place {
            Place::Folder(root) => root,
            Place::Bucket(b) => {
                b.put(&sha256, bytes).await?;
                return Ok(Stored {
                    sha256,
                    created: None,
                });
            }
        };
        let path = Self::path_of(root, &sha256)?;
        if tokio::fs::try_exists(&path).await? {
            return Ok(Stored {
                sha256,
                created: None,
            });
        }
        let dir = path
            .parent()
            .ok_or_else(|| io::Error::other("blob path has no folder"))?
            .to_path_buf();
        tokio::fs::create_dir_all(&dir).await?;
        let tmp = dir.join(format!(".{sha256}.{}.tmp", unique_suffix()));
        tokio::fs::write(&tmp, bytes).await?;
        tokio::fs::rename(&tmp, &path).await?;
        Ok(Stored {
            sha256,
            created: Some(path),
        })
    }

    /// Makes files created by `put` durable (data and directory entries).
    pub async fn persist(&self, created: &[PathBuf]) -> io::Result<()> {
        if created.is_empty() {
            return Ok(());
        }
        let paths = created.to_vec();
        tokio::task::spawn_blocking(move || sync_paths(&paths))
            .await
            .map_err(io::Error::other)?
    }

    pub async fn get(&self, sha: &str) -> io::Result<Vec<u8>> {
        match &self.place {
            Place::Folder(root) => tokio::fs::read(Self::path_of(root, sha)?).await,
            Place::Bucket(b) => {
                check_name(sha)?;
                b.get(sha).await
            }
        }
    }

    /// Stores and persists at once (single uploads).
    pub async fn put_durable(&self, bytes: &[u8]) -> io::Result<String> {
        let stored = self.put(bytes).await?;
        if let Some(p) = &stored.created {
            self.persist(std::slice::from_ref(p)).await?;
        }
        Ok(stored.sha256)
    }
}

/// Flushes each new file and each folder that got one. The flushes run at
/// once on the blocking pool: the filesystem journal then commits them
/// together, so a batch of files costs about one commit rather than one
/// per file. (`syncfs` would be one call, but it also flushes whatever
/// else shares the filesystem — a PostgreSQL data folder, say.)
fn sync_paths(paths: &[PathBuf]) -> io::Result<()> {
    let mut dirs: Vec<PathBuf> = paths
        .iter()
        .filter_map(|p| p.parent().map(Path::to_path_buf))
        .collect();
    dirs.sort();
    dirs.dedup();
    std::thread::scope(|s| {
        let files = paths
            .iter()
            .map(|p| s.spawn(move || std::fs::File::open(p)?.sync_data()));
        let folders = dirs
            .iter()
            .map(|d| s.spawn(move || std::fs::File::open(d)?.sync_all()));
        let handles: Vec<_> = files.chain(folders).collect();
        for h in handles {
            h.join()
                .map_err(|_| io::Error::other("a flushing thread panicked"))??;
        }
        Ok(())
    })
}

fn unique_suffix() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{}-{nanos}", std::process::id())
}

/// A row that names a blob: a reclamation's photo, a message's file. The
/// bytes are in the store under `sha256`; the row says whose they are and
/// what they were called.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFile {
    pub id: i64,
    pub sha256: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub file_name: String,
}

/// A [`StoredFile`] about to be written.
#[derive(Debug, Clone)]
pub struct NewFile<'a> {
    pub sha256: &'a str,
    pub content_type: &'a str,
    pub size_bytes: i64,
    pub file_name: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn content_addressed_and_idempotent() {
        let dir = std::env::temp_dir().join(format!("dd-blobs-{}", unique_suffix()));
        let b = BlobStore::new(&dir);
        let first = b.put(b"<svg/>").await.expect("put");
        assert!(first.created.is_some());
        let again = b.put(b"<svg/>").await.expect("again");
        assert_eq!(
            (again.sha256.as_str(), again.created),
            (first.sha256.as_str(), None)
        );
        b.persist(&[first.created.clone().expect("path")])
            .await
            .expect("persist");
        assert_eq!(b.get(&first.sha256).await.expect("get"), b"<svg/>");
        assert_eq!(b.put_durable(b"x").await.expect("durable").len(), 64);
        assert!(b.get("../../etc/passwd").await.is_err());
        assert!(b.get(&"0".repeat(64)).await.is_err());
        let _ = std::fs::remove_dir_all(dir);
    }
}
