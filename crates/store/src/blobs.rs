//! Files (drawings, photos, documents) stored by their content: the name
//! is the SHA-256 of the bytes, so the same file is kept once, a name can
//! never point at different bytes, and writing is idempotent. The database
//! holds who may see a file; files are only served through an authorised
//! route. The folder can be shared by several nodes.

use sha2::{Digest, Sha256};
use std::io;
use std::path::{Path, PathBuf};

#[derive(Clone, Debug)]
pub struct BlobStore {
    root: PathBuf,
}

impl BlobStore {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn path_of(&self, sha: &str) -> io::Result<PathBuf> {
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
        Ok(self.root.join(&sha[..2]).join(&sha[2..4]).join(sha))
    }

    /// Stores `bytes` (durably: written to a temporary file, synced, then
    /// renamed into place) and returns their SHA-256 in hex.
    pub async fn put(&self, bytes: &[u8]) -> io::Result<String> {
        let sha = hex::encode(Sha256::digest(bytes));
        let path = self.path_of(&sha)?;
        if tokio::fs::try_exists(&path).await? {
            return Ok(sha);
        }
        let dir = path
            .parent()
            .ok_or_else(|| io::Error::other("blob path has no folder"))?
            .to_path_buf();
        tokio::fs::create_dir_all(&dir).await?;
        let tmp = dir.join(format!(".{sha}.{}.tmp", rand_suffix()));
        let data = bytes.to_vec();
        let (tmp2, path2) = (tmp.clone(), path.clone());
        tokio::task::spawn_blocking(move || -> io::Result<()> {
            use std::io::Write;
            let mut f = std::fs::File::create(&tmp2)?;
            f.write_all(&data)?;
            f.sync_all()?;
            std::fs::rename(&tmp2, &path2)
        })
        .await
        .map_err(io::Error::other)??;
        Ok(sha)
    }

    pub async fn get(&self, sha: &str) -> io::Result<Vec<u8>> {
        tokio::fs::read(self.path_of(sha)?).await
    }
}

fn rand_suffix() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{}-{nanos}", std::process::id())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn content_addressed_and_idempotent() {
        let dir = std::env::temp_dir().join(format!("dd-blobs-{}", rand_suffix()));
        let b = BlobStore::new(&dir);
        let a = b.put(b"<svg/>").await.expect("put");
        assert_eq!(a, b.put(b"<svg/>").await.expect("again"));
        assert_eq!(b.get(&a).await.expect("get"), b"<svg/>");
        assert!(b.get("../../etc/passwd").await.is_err());
        assert!(b.get(&"0".repeat(64)).await.is_err());
        let _ = std::fs::remove_dir_all(dir);
    }
}
