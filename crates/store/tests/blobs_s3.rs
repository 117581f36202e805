//! Uploads in an S3-compatible bucket (`uploads_url = s3+http://…`),
//! against moto's S3 server (a Python package; `./scripts/test` installs it
//! into `target/tools/moto`). Not a database test: the bucket is the same
//! whichever database the nodes share.

use dealerdesk_store::BlobStore;
use dealerdesk_testkit::net::{free_port, listening};
use sha2::{Digest, Sha256};
use std::io::ErrorKind;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A moto S3 server on a free port, stopped when dropped, that checks
/// every request's signature against a user it was given (moto's
/// `INITIAL_NO_AUTH_ACTION_COUNT`: the first four requests — make the user,
/// its key, its policy, the bucket — go unsigned; every later one must be
/// signed with that key and is refused otherwise).
struct Moto {
    child: Child,
    port: u16,
    /// moto's standard error, shown when it fails.
    log: PathBuf,
    access_key: String,
    secret_key: String,
}

impl Moto {
    /// `uploads_url` for `bucket`, signing with `secret`.
    fn url(&self, secret: &str, bucket: &str) -> String {
        let secret =
            percent_encoding::utf8_percent_encode(secret, percent_encoding::NON_ALPHANUMERIC);
        format!(
            "s3+http://{}:{secret}@127.0.0.1:{}/{bucket}?region=eu-central-1",
            self.access_key, self.port
        )
    }

    /// Panics with moto's own output if it has exited or has been starting
    /// for 30 s.
    fn still_running(&mut self, started: Instant) {
        if let Ok(Some(status)) = self.child.try_wait() {
            panic!(
                "moto_server on port {} exited: {status}\n{}",
                self.port,
                self.said()
            );
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "moto_server on port {} did not answer in 30 s\n{}",
            self.port,
            self.said()
        );
    }

    /// What moto has written so far.
    fn said(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Sends one of the unsigned set-up requests and returns the answer's
    /// text. A request that finds nothing listening reached no server, so it
    /// is sent again (moto counts only the requests it answers).
    async fn unsigned(
        &mut self,
        what: &str,
        request: impl Fn() -> reqwest::RequestBuilder,
    ) -> String {
        let started = Instant::now();
        loop {
            match request().send().await {
                Ok(r) => {
                    let status = r.status();
                    let text = r
                        .text()
                        .await
                        .unwrap_or_else(|e| panic!("{what}: {e}\n{}", self.said()));
                    assert!(
                        status.is_success(),
                        "{what}: {status} {text}\n{}",
                        self.said()
                    );
                    return text;
                }
                Err(e) if e.is_connect() => {
                    self.still_running(started);
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("{what}: {e}\n{}", self.said()),
            }
        }
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if !std::thread::panicking() {
            let _ = std::fs::remove_file(&self.log);
        }
    }
}

fn moto_binary() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("DEALERDESK_TEST_MOTO") {
        return Some(PathBuf::from(p));
    }
    let local =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target/tools/moto/bin/moto_server");
    if local.exists() {
        return Some(local);
    }
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("moto_server"))
            .find(|p| p.exists())
    })
}

async fn moto() -> Option<Moto> {
    if std::env::var_os("DEALERDESK_SKIP_S3").is_some() {
        eprintln!("DEALERDESK_SKIP_S3 is set: the S3 bucket test is skipped on purpose");
        return None;
    }
    let bin = moto_binary().expect(
        "no moto_server: ./scripts/test installs it into target/tools/moto \
         (python3 -m venv target/tools/moto && target/tools/moto/bin/pip install 'moto[server]'); \
         DEALERDESK_SKIP_S3=1 skips this test on purpose",
    );
    let port = free_port();
    // moto's own output goes to a file, so a server that dies says why.
    let log = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("moto-{port}.log"));
    let out = std::fs::File::create(&log).expect("moto log file");
    let child = Command::new(&bin)
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .env("INITIAL_NO_AUTH_ACTION_COUNT", "4")
        .stdout(Stdio::null())
        .stderr(out)
        .spawn()
        .unwrap_or_else(|e| panic!("starting {}: {e}", bin.display()));
    let mut moto = Moto {
        child,
        port,
        log,
        access_key: String::new(),
        secret_key: String::new(),
    };
    let started = Instant::now();
    let base = format!("http://127.0.0.1:{port}");
    // A TCP connect, not a request: moto counts every request it answers.
    while !listening(port).await {
        moto.still_running(started);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // (Unsigned requests still need an Authorization header naming the service.)
    let iam_auth = "AWS4-HMAC-SHA256 Credential=x/20261129/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=x";
    let user = [
        ("Action", "CreateUser"),
        ("UserName", "dealerdesk"),
        ("Version", "2010-05-08"),
    ];
    let make_key = [
        ("Action", "CreateAccessKey"),
        ("UserName", "dealerdesk"),
        ("Version", "2010-05-08"),
    ];
    let policy = [
        ("Action", "PutUserPolicy"),
        ("UserName", "dealerdesk"),
        ("PolicyName", "all"),
        ("Version", "2010-05-08"),
        (
            "PolicyDocument",
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
        ),
    ];
    // A fresh connection per request (an idle one moto closed would fail
    // as something other than a connect error, and not be sent again), and
    // no request waits for ever.
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .timeout(Duration::from_secs(30))
        .build()
        .expect("http client");
    let iam = |form: &[(&str, &str)]| {
        client
            .post(&base)
            .header("authorization", iam_auth)
            .form(form)
    };
    moto.unsigned("iam CreateUser", || iam(&user)).await;
    let key = moto
        .unsigned("iam CreateAccessKey", || iam(&make_key))
        .await;
    let between = |open: &str, close: &str| -> String {
        let from = key.find(open).expect("key in answer") + open.len();
        key[from..from + key[from..].find(close).expect("closed")].to_owned()
    };
    moto.access_key = between("<AccessKeyId>", "</AccessKeyId>");
    moto.secret_key = between("<SecretAccessKey>", "</SecretAccessKey>");
    moto.unsigned("iam PutUserPolicy", || iam(&policy)).await;
    moto.unsigned("create bucket", || {
        client
            .put(format!("{base}/dealerdesk-uploads"))
            .header("authorization", "AWS4-HMAC-SHA256 Credential=x/20261129/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=x")
    })
    .await;
    Some(moto)
}

/// Two nodes with the same `uploads_url` share every file: one writes, the
/// other reads; writing the same bytes again is harmless; the objects are
/// laid out as the folder's files are.
#[tokio::test]
async fn nodes_share_uploads_through_a_bucket() {
    let Some(moto) = moto().await else { return };
    let url = moto.url(&moto.secret_key, "dealerdesk-uploads/plant-1");
    let a = BlobStore::open(Some(&url), "unused").expect("node a");
    let b = BlobStore::open(Some(&url), "unused").expect("node b");

    let photo: Vec<u8> = (0..3 * 1024 * 1024).map(|i| (i % 251) as u8).collect();
    let sha = hex::encode(Sha256::digest(&photo));
    let stored = a.put(&photo).await.expect("put");
    assert_eq!(
        (stored.sha256.as_str(), stored.created),
        (sha.as_str(), None),
        "durable once answered"
    );
    assert_eq!(b.get(&sha).await.expect("the other node reads it"), photo);
    assert_eq!(
        b.put_durable(&photo).await.expect("again"),
        sha,
        "writing twice is harmless"
    );

    let root =
        dealerdesk_store::blobs::Bucket::parse(&moto.url(&moto.secret_key, "dealerdesk-uploads"))
            .expect("url");
    let raw = root
        .get_object(&format!("plant-1/{}/{sha}", &sha[..2]))
        .await
        .expect("folder/ab/abcdef…, as in the folder");
    assert_eq!(raw.len(), photo.len());
    let elsewhere = BlobStore::open(
        Some(&moto.url(&moto.secret_key, "dealerdesk-uploads/plant-2")),
        "unused",
    )
    .expect("url");
    assert_eq!(
        elsewhere
            .get(&sha)
            .await
            .expect_err("another folder")
            .kind(),
        ErrorKind::NotFound
    );

    let missing = b.get(&"0".repeat(64)).await.expect_err("no such object");
    assert_eq!(missing.kind(), ErrorKind::NotFound);
    let outside = b.get("../../etc/passwd").await.expect_err("not a name");
    assert_eq!(outside.kind(), ErrorKind::InvalidInput);
}

/// A bucket that does not exist, or a wrong secret key, is an error that
/// says so — never a silent loss.
#[tokio::test]
async fn a_missing_bucket_or_a_wrong_key_is_a_clear_error() {
    let Some(moto) = moto().await else { return };
    let store = BlobStore::open(
        Some(&moto.url(&moto.secret_key, "no-such-bucket")),
        "unused",
    )
    .expect("url");
    let e = store.put(b"drawing").await.expect_err("no bucket");
    let text = e.to_string();
    assert!(
        text.contains("404") && text.contains("no-such-bucket"),
        "{text}"
    );
    let forged = BlobStore::open(
        Some(&moto.url("not-the-secret", "dealerdesk-uploads")),
        "unused",
    )
    .expect("url");
    let e = forged
        .put(b"drawing")
        .await
        .expect_err("a wrong signature is refused");
    assert!(e.to_string().contains("403"), "{e}");
}

#[test]
fn a_bad_uploads_url_is_refused_at_start() {
    let e = BlobStore::open(Some("ftp://k:s@host/bucket"), "unused").expect_err("scheme");
    assert!(e.to_string().contains("s3://"), "{e}");
    assert!(
        BlobStore::open(Some("  "), "data/blobs").is_ok(),
        "empty: the folder"
    );
}
