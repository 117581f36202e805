//! Ports for servers a test starts as child processes (moto, chromedriver,
//! `dealerdesk serve` on a fixed port), and the check that one is up.
//!
//! They answer two failures: the system may hand the same just-freed port
//! to two callers of `free_port` in one binary (seen in CI: one test then
//! talked to the other's server), and a connect to a port nobody listens on
//! yet can succeed by connecting to itself (a TCP self-connect, when the
//! connection's own end is given that same port), after which the first
//! real request meets a refused connection (seen in CI with moto). What
//! they cannot rule out: another program taking the port between
//! `free_port` and the child's own bind. The child then fails at start,
//! and the callers show its output.

use std::sync::Mutex;

/// A port nobody listens on now and that no other caller in this process
/// was given.
pub fn free_port() -> u16 {
    static GIVEN: Mutex<Vec<u16>> = Mutex::new(Vec::new());
    let mut given = GIVEN.lock().unwrap_or_else(|e| e.into_inner());
    loop {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        if !given.contains(&port) {
            given.push(port);
            return port;
        }
    }
}

/// Whether a server listens on `127.0.0.1:port`: a TCP connect that
/// reached another socket (a self-connect does not count). It sends
/// nothing, for servers that count the requests they answer.
pub async fn listening(port: u16) -> bool {
    match tokio::net::TcpStream::connect(("127.0.0.1", port)).await {
        Ok(stream) => stream.local_addr().ok() != stream.peer_addr().ok(),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_port_is_given_once_and_is_up_only_while_listened_on() {
        let ports: Vec<u16> = (0..50).map(|_| free_port()).collect();
        let mut seen = ports.clone();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), ports.len(), "every port given once");

        let port = free_port();
        assert!(!listening(port).await, "nobody listens yet");
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .expect("bind");
        assert!(listening(port).await, "a listener");
        drop(listener);
        assert!(!listening(port).await, "gone again");
    }
}
