//! Uploads in an S3-compatible bucket (AWS S3, MinIO, Ceph, …), for nodes
//! that share no folder. Objects are named as in the folder store
//! (`prefix/ab/abcdef…`, the SHA-256 of the bytes), so a bucket can be
//! filled from a folder with any sync tool. Requests are path-style
//! (`host/bucket/key`, which every S3-compatible server answers) and signed
//! with AWS Signature Version 4; an object is durable once the PUT is
//! answered 200, so there is nothing to flush.
//!
//! Configured with one URL (`uploads_url`):
//! `s3://ACCESS_KEY:SECRET_KEY@host[:port]/bucket[/prefix][?region=eu-central-1]`
//! over HTTPS, or `s3+http://…` for a server on a private network.

use sha2::{Digest, Sha256};
use std::io;

/// A bucket and how to reach it. `Debug` hides the secret key.
#[derive(Clone)]
pub struct Bucket {
    /// `https://host:port` or `http://host:port`.
    endpoint: String,
    /// `host` or `host:port`, as the `Host` header and the signature say it.
    host: String,
    bucket: String,
    /// Empty, or `folder/` ahead of every key.
    prefix: String,
    region: String,
    access_key: String,
    secret_key: String,
    http: reqwest::Client,
}

impl std::fmt::Debug for Bucket {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Bucket")
            .field("endpoint", &self.endpoint)
            .field("bucket", &self.bucket)
            .field("prefix", &self.prefix)
            .field("region", &self.region)
            .field("access_key", &self.access_key)
            .field("secret_key", &"***")
            .finish()
    }
}

fn bad(msg: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, msg.into())
}

impl Bucket {
    /// Reads an `s3://` or `s3+http://` URL (see the module's doc).
    pub fn parse(raw: &str) -> io::Result<Bucket> {
        let url = url::Url::parse(raw.trim())
            .map_err(|e| bad(format!("uploads_url is not a URL: {e}")))?;
        let scheme = match url.scheme() {
            "s3" => "https",
            "s3+http" => "http",
            other => {
                return Err(bad(format!(
                    "uploads_url: `{other}://` is not `s3://` or `s3+http://`"
                )));
            }
        };
        let host = url
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or_else(|| bad("uploads_url names no host"))?;
        let host = match url.port() {
            Some(p) => format!("{host}:{p}"),
            None => host.to_owned(),
        };
        let decode = |s: &str| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8()
                .map(|k| k.into_owned())
                .map_err(|_| bad("uploads_url: a key is not valid percent-encoding"))
        };
        let access_key = decode(url.username())?;
        let secret_key = decode(url.password().unwrap_or(""))?;
        if access_key.is_empty() || secret_key.is_empty() {
            return Err(bad(
                "uploads_url needs ACCESS_KEY:SECRET_KEY@ before the host",
            ));
        }
        let mut parts = url.path().trim_matches('/').splitn(2, '/');
        let bucket = parts.next().unwrap_or("").to_owned();
        let ok_bucket = (3..=63).contains(&bucket.len())
            && bucket
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.');
        if !ok_bucket {
            return Err(bad(
                "uploads_url: the path must start with a bucket name (3–63 of a-z, 0-9, '-', '.')",
            ));
        }
        let prefix = parts.next().unwrap_or("").trim_matches('/');
        if !prefix
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./".contains(&b))
        {
            return Err(bad(
                "uploads_url: the folder after the bucket may hold a-z, 0-9, '-', '_', '.', '/'",
            ));
        }
        let prefix = if prefix.is_empty() {
            String::new()
        } else {
            format!("{prefix}/")
        };
        let region = url
            .query_pairs()
            .find(|(k, _)| k == "region")
            .map(|(_, v)| v.into_owned())
            .unwrap_or_else(|| "us-east-1".to_owned());
        let http = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(60))
            .build()
            .map_err(io::Error::other)?;
        Ok(Bucket {
            endpoint: format!("{scheme}://{host}"),
            host,
            bucket,
            prefix,
            region,
            access_key,
            secret_key,
            http,
        })
    }

    /// `folder/ab/abcdef…`, as the folder store lays files out.
    fn key(&self, sha: &str) -> String {
        format!("{}{}/{}", self.prefix, &sha[..2], sha)
    }

    fn path(&self, sha: &str) -> String {
        format!("/{}/{}", self.bucket, self.key(sha))
    }

    async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&[u8]>,
    ) -> io::Result<reqwest::Response> {
        let payload_hash = hex::encode(Sha256::digest(body.unwrap_or(&[])));
        let amz_date = jiff::Timestamp::now()
            .strftime("%Y%m%dT%H%M%SZ")
            .to_string();
        let auth = authorization(&Request {
            method: method.as_str(),
            host: &self.host,
            path,
            payload_hash: &payload_hash,
            amz_date: &amz_date,
            region: &self.region,
            access_key: &self.access_key,
            secret_key: &self.secret_key,
        });
        let mut req = self
            .http
            .request(method, format!("{}{path}", self.endpoint))
            .header("x-amz-content-sha256", &payload_hash)
            .header("x-amz-date", &amz_date)
            .header("authorization", auth);
        if let Some(b) = body {
            req = req.body(b.to_vec());
        }
        req.send()
            .await
            .map_err(|e| io::Error::other(format!("uploads bucket {}: {e}", self.endpoint)))
    }

    /// Writes the object unless it is there already; `true` if written.
    pub async fn put(&self, sha: &str, bytes: &[u8]) -> io::Result<bool> {
        let path = self.path(sha);
        let head = self.send(reqwest::Method::HEAD, &path, None).await?;
        if head.status().is_success() {
            return Ok(false);
        }
        if head.status() != reqwest::StatusCode::NOT_FOUND {
            return Err(failed("HEAD", &path, head).await);
        }
        let put = self.send(reqwest::Method::PUT, &path, Some(bytes)).await?;
        if !put.status().is_success() {
            return Err(failed("PUT", &path, put).await);
        }
        Ok(true)
    }

    pub async fn get(&self, sha: &str) -> io::Result<Vec<u8>> {
        let bytes = self.get_object(&self.key(sha)).await?;
        if hex::encode(Sha256::digest(&bytes)) != sha {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!(
                    "object {} does not hold the bytes its name says",
                    self.key(sha)
                ),
            ));
        }
        Ok(bytes)
    }

    /// The object under `key` (`folder/ab/abcdef…`; `a-z0-9./_-` only), as
    /// stored.
    pub async fn get_object(&self, key: &str) -> io::Result<Vec<u8>> {
        if key.is_empty()
            || !key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_./".contains(&b))
        {
            return Err(bad("not an object key"));
        }
        let path = format!("/{}/{key}", self.bucket);
        let r = self.send(reqwest::Method::GET, &path, None).await?;
        if r.status() == reqwest::StatusCode::NOT_FOUND {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("no object {path}"),
            ));
        }
        if !r.status().is_success() {
            return Err(failed("GET", &path, r).await);
        }
        Ok(r.bytes().await.map_err(io::Error::other)?.to_vec())
    }
}

async fn failed(what: &str, path: &str, r: reqwest::Response) -> io::Error {
    let status = r.status();
    let text = r.text().await.unwrap_or_default();
    let text: String = text.chars().take(300).collect();
    io::Error::other(format!("uploads bucket: {what} {path}: {status} {text}"))
}

/// What a request's signature covers.
struct Request<'a> {
    method: &'a str,
    host: &'a str,
    /// Already URI-safe: bucket names and keys here are `[a-z0-9.-_/]`.
    path: &'a str,
    payload_hash: &'a str,
    /// `20130524T000000Z`.
    amz_date: &'a str,
    region: &'a str,
    access_key: &'a str,
    secret_key: &'a str,
}

/// The `Authorization` header of AWS Signature Version 4 for a request
/// with no query string, signing `host`, `x-amz-content-sha256` and
/// `x-amz-date`.
fn authorization(r: &Request<'_>) -> String {
    let date = &r.amz_date[..8];
    let signed = "host;x-amz-content-sha256;x-amz-date";
    let canonical = format!(
        "{}\n{}\n\nhost:{}\nx-amz-content-sha256:{}\nx-amz-date:{}\n\n{signed}\n{}",
        r.method, r.path, r.host, r.payload_hash, r.amz_date, r.payload_hash
    );
    let scope = format!("{date}/{}/s3/aws4_request", r.region);
    let to_sign = format!(
        "AWS4-HMAC-SHA256\n{}\n{scope}\n{}",
        r.amz_date,
        hex::encode(Sha256::digest(canonical.as_bytes()))
    );
    let k_date = hmac(format!("AWS4{}", r.secret_key).as_bytes(), date.as_bytes());
    let k_region = hmac(&k_date, r.region.as_bytes());
    let k_service = hmac(&k_region, b"s3");
    let k_signing = hmac(&k_service, b"aws4_request");
    let signature = hex::encode(hmac(&k_signing, to_sign.as_bytes()));
    format!(
        "AWS4-HMAC-SHA256 Credential={}/{scope}, SignedHeaders={signed}, Signature={signature}",
        r.access_key
    )
}

/// HMAC-SHA256 (RFC 2104).
fn hmac(key: &[u8], msg: &[u8]) -> [u8; 32] {
    const BLOCK: usize = 64;
    let mut k = [0u8; BLOCK];
    if key.len() > BLOCK {
        k[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        k[..key.len()].copy_from_slice(key);
    }
    let mut inner = Sha256::new();
    inner.update(k.map(|b| b ^ 0x36));
    inner.update(msg);
    let mut outer = Sha256::new();
    outer.update(k.map(|b| b ^ 0x5c));
    outer.update(inner.finalize());
    outer.finalize().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231() {
        // Test case 2 of RFC 4231.
        assert_eq!(
            hex::encode(hmac(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        // Test case 6: a key longer than a block.
        assert_eq!(
            hex::encode(hmac(
                &[0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            )),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    /// The same request signed by botocore (`S3SigV4Auth`, the signer of
    /// the AWS SDK for Python) at the same instant.
    #[test]
    fn signatures_match_the_aws_sdk() {
        let sha = "ab".repeat(32);
        let path = format!("/uploads/ab/{sha}");
        let got = authorization(&Request {
            method: "PUT",
            host: "127.0.0.1:9000",
            path: &path,
            payload_hash: &hex::encode(Sha256::digest(b"hello")),
            amz_date: "20261129T063628Z",
            region: "eu-central-1",
            access_key: "AKIDEXAMPLE",
            secret_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        });
        assert_eq!(
            got,
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261129/eu-central-1/s3/aws4_request, \
             SignedHeaders=host;x-amz-content-sha256;x-amz-date, \
             Signature=b25803ab2769b65e18306bbd8147624bf8d18d93f52f3abacc4f27b39558a509"
        );
    }

    #[test]
    fn urls_are_read_and_bad_ones_refused() {
        let b = Bucket::parse(
            "s3+http://AKIA:se%2Fcret@127.0.0.1:9000/uploads/plant-1?region=eu-central-1",
        )
        .expect("parse");
        assert_eq!(b.endpoint, "http://127.0.0.1:9000");
        assert_eq!(b.host, "127.0.0.1:9000");
        assert_eq!(
            (b.bucket.as_str(), b.prefix.as_str(), b.region.as_str()),
            ("uploads", "plant-1/", "eu-central-1")
        );
        assert_eq!(
            (b.access_key.as_str(), b.secret_key.as_str()),
            ("AKIA", "se/cret")
        );
        assert!(
            !format!("{b:?}").contains("se/cret"),
            "Debug hides the secret"
        );
        let sha = "ab".repeat(32);
        assert_eq!(b.path(&sha), format!("/uploads/plant-1/ab/{sha}"));
        let b = Bucket::parse("s3://k:s@s3.example.com/files").expect("parse");
        assert_eq!(
            (b.endpoint.as_str(), b.prefix.as_str(), b.region.as_str()),
            ("https://s3.example.com", "", "us-east-1")
        );
        for raw in [
            "http://k:s@host/bucket",
            "s3://host/bucket",
            "s3://k@host/bucket",
            "s3://k:s@host/",
            "s3://k:s@host/Bad_Bucket",
            "s3://k:s@host/bucket/sp ace",
            "not a url",
        ] {
            assert!(Bucket::parse(raw).is_err(), "{raw}");
        }
    }
}
