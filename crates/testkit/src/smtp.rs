//! A local SMTP server for tests: it listens on `127.0.0.1:0`, speaks the
//! part of SMTP a client needs to hand over mail (EHLO/HELO, MAIL, RCPT,
//! DATA, RSET, NOOP, QUIT), and keeps every message it accepts. Told to,
//! it refuses the next transactions with `451` (a temporary failure), or
//! drops connections right after the greeting, so tests can check that
//! mail is retried and never sent twice. No TLS: the URL is plain
//! `smtp://127.0.0.1:port`.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// One accepted message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    /// The message as sent (headers and body), dot-stuffing undone.
    pub data: String,
}

impl Received {
    /// The body as text, its transfer encoding (quoted-printable, base64)
    /// undone, so a test can read what a person would.
    pub fn body_text(&self) -> String {
        let body = self
            .data
            .split_once("\n\n")
            .map(|(_, b)| b)
            .unwrap_or_default();
        let encoding = self
            .header("Content-Transfer-Encoding")
            .unwrap_or("7bit")
            .to_ascii_lowercase();
        let bytes = match encoding.as_str() {
            "base64" => {
                use base64::Engine as _;
                let compact: String = body.chars().filter(|c| !c.is_whitespace()).collect();
                base64::engine::general_purpose::STANDARD
                    .decode(compact)
                    .unwrap_or_default()
            }
            "quoted-printable" => quoted_printable(body),
            _ => body.as_bytes().to_vec(),
        };
        String::from_utf8_lossy(&bytes).replace("\r\n", "\n")
    }

    /// A header's value as written (`Subject`, `To`, …), first occurrence.
    pub fn header(&self, name: &str) -> Option<&str> {
        let prefix = format!("{}:", name.to_ascii_lowercase());
        self.data
            .lines()
            .take_while(|l| !l.is_empty())
            .find(|l| l.to_ascii_lowercase().starts_with(&prefix))
            .map(|l| l[prefix.len()..].trim())
    }
}

#[derive(Default)]
struct State {
    messages: Vec<Received>,
    /// Transactions to refuse with 451 at MAIL FROM.
    refuse: usize,
    /// Transactions to refuse with 550 (for good) at MAIL FROM.
    reject: usize,
    /// Connections to close right after the greeting.
    hang_up: usize,
    /// Refused transactions and dropped connections so far.
    failures: usize,
}

pub struct SmtpSink {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl SmtpSink {
    pub async fn start() -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the SMTP sink");
        let addr = listener.local_addr().expect("the SMTP sink's address");
        let state = Arc::new(Mutex::new(State::default()));
        let shared = state.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let state = shared.clone();
                tokio::spawn(async move {
                    // A broken conversation is the client's business; the
                    // sink only records what completed.
                    let _ = converse(stream, state).await;
                });
            }
        });
        SmtpSink { addr, state, task }
    }

    /// `smtp://127.0.0.1:port`, for `smtp_url`.
    pub fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    pub fn messages(&self) -> Vec<Received> {
        lock(&self.state).messages.clone()
    }

    /// Refuse the next `n` transactions with `451 4.3.0`.
    pub fn refuse_next(&self, n: usize) {
        lock(&self.state).refuse = n;
    }

    /// Refuse the next `n` transactions for good, with `550 5.1.1`.
    pub fn reject_next(&self, n: usize) {
        lock(&self.state).reject = n;
    }

    /// Close the next `n` connections right after the greeting.
    pub fn hang_up_next(&self, n: usize) {
        lock(&self.state).hang_up = n;
    }

    /// Refused transactions and dropped connections so far.
    pub fn failures(&self) -> usize {
        lock(&self.state).failures
    }

    /// Waits (up to `timeout`) until at least `n` messages arrived.
    pub async fn wait_for(&self, n: usize, timeout: Duration) -> Vec<Received> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let got = self.messages();
            if got.len() >= n || tokio::time::Instant::now() >= deadline {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// Quoted-printable (RFC 2045): `=XX` bytes, `=` at a line's end joins it
/// to the next.
fn quoted_printable(body: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    let mut lines = body.split('\n').peekable();
    while let Some(line) = lines.next() {
        let line = line.trim_end_matches('\r');
        let (line, soft) = match line.strip_suffix('=') {
            Some(l) => (l, true),
            None => (line, false),
        };
        let b = line.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let hex = b
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok());
            match (b[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
                (b'=', Some(v)) => {
                    out.push(v);
                    i += 3;
                }
                (c, _) => {
                    out.push(c);
                    i += 1;
                }
            }
        }
        if !soft && lines.peek().is_some() {
            out.push(b'\n');
        }
    }
    out
}

/// The address inside `MAIL FROM:<a>` / `RCPT TO:<b>`.
fn address(arg: &str) -> String {
    let a = arg.split_once(':').map(|(_, a)| a).unwrap_or(arg).trim();
    let a = a.split_whitespace().next().unwrap_or("");
    a.trim_start_matches('<').trim_end_matches('>').to_owned()
}

async fn converse(stream: TcpStream, state: Arc<Mutex<State>>) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    {
        let mut s = lock(&state);
        if s.hang_up > 0 {
            s.hang_up -= 1;
            s.failures += 1;
            return Ok(());
        }
    }
    write.write_all(b"220 sink.test ESMTP\r\n").await?;
    let (mut from, mut to) = (None::<String>, Vec::<String>::new());
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let cmd = line.trim_end();
        let verb = cmd
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        let reply: &[u8] = match verb.as_str() {
            "EHLO" => b"250-sink.test\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n",
            "HELO" => b"250 sink.test\r\n",
            "MAIL" => {
                let mut s = lock(&state);
                if s.refuse > 0 {
                    s.refuse -= 1;
                    s.failures += 1;
                    b"451 4.3.0 try again later\r\n"
                } else if s.reject > 0 {
                    s.reject -= 1;
                    s.failures += 1;
                    b"550 5.1.1 no such mailbox\r\n"
                } else {
                    from = Some(address(cmd));
                    to.clear();
                    b"250 2.1.0 ok\r\n"
                }
            }
            "RCPT" if from.is_some() => {
                to.push(address(cmd));
                b"250 2.1.5 ok\r\n"
            }
            "DATA" if from.is_some() && !to.is_empty() => {
                write.write_all(b"354 end with <CRLF>.<CRLF>\r\n").await?;
                let mut data = String::new();
                loop {
                    line.clear();
                    if lines.read_line(&mut line).await? == 0 {
                        return Ok(());
                    }
                    if line == ".\r\n" || line == ".\n" {
                        break;
                    }
                    let l = line.strip_prefix('.').unwrap_or(&line);
                    data.push_str(&l.replace("\r\n", "\n"));
                }
                lock(&state).messages.push(Received {
                    from: from.take().unwrap_or_default(),
                    to: std::mem::take(&mut to),
                    data,
                });
                b"250 2.0.0 queued\r\n"
            }
            "RCPT" | "DATA" => b"503 5.5.1 bad sequence of commands\r\n",
            "RSET" => {
                from = None;
                to.clear();
                b"250 2.0.0 ok\r\n"
            }
            "NOOP" => b"250 2.0.0 ok\r\n",
            "QUIT" => {
                write.write_all(b"221 2.0.0 bye\r\n").await?;
                return Ok(());
            }
            _ => b"502 5.5.2 command not implemented\r\n",
        };
        write.write_all(reply).await?;
    }
}
