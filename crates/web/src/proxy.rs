//! Which address a request came from when DealerDesk runs behind reverse
//! proxies (nginx, a load balancer): the login throttle and the lead
//! form's limit count per client address, and behind a proxy every
//! connection comes from the proxy. Only the proxies named in the
//! `trusted_proxies` setting are believed: their `X-Forwarded-For` is read
//! right to left, skipping trusted hops, and the first other address is
//! the client. Anyone else's header is ignored (it could be forged).

use std::net::IpAddr;

/// Addresses and networks (`10.0.0.0/8`, `::1`) whose forwarding is trusted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<(IpAddr, u8)>);

fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(ip),
        v4 => v4,
    }
}

fn bits(ip: IpAddr) -> u128 {
    match ip {
        IpAddr::V4(v4) => u128::from(u32::from(v4)),
        IpAddr::V6(v6) => u128::from(v6),
    }
}

impl TrustedProxies {
    /// A comma-separated list of addresses or networks; empty: none.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let mut out = Vec::new();
        for item in raw.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (addr, len) = match item.split_once('/') {
                Some((a, l)) => (a, Some(l)),
                None => (item, None),
            };
            let ip: IpAddr = addr
                .parse()
                .map_err(|_| format!("{item:?} is not an address or a network like 10.0.0.0/8"))?;
            let ip = canonical(ip);
            let max = if ip.is_ipv4() { 32 } else { 128 };
            let len = match len {
                None => max,
                Some(l) => l
                    .parse::<u8>()
                    .ok()
                    .filter(|l| *l <= max)
                    .ok_or_else(|| format!("{item:?}: the prefix must be 0–{max}"))?,
            };
            out.push((ip, len));
        }
        Ok(Self(out))
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0.iter().any(|(net, len)| {
            if net.is_ipv4() != ip.is_ipv4() {
                return false;
            }
            let width = if ip.is_ipv4() { 32 } else { 128 };
            let shift = width - u32::from(*len);
            let (a, b) = (bits(*net), bits(ip));
            shift >= 128 || (a >> shift) == (b >> shift)
        })
    }

    /// The client's address: the peer's own unless the peer is trusted,
    /// then the nearest untrusted hop of `X-Forwarded-For`.
    pub fn client(&self, peer: IpAddr, forwarded_for: Option<&str>) -> IpAddr {
        if !self.contains(peer) {
            return peer;
        }
        let Some(header) = forwarded_for else {
            return peer;
        };
        let mut client = peer;
        for hop in header.rsplit(',').map(str::trim) {
            match hop.parse::<IpAddr>() {
                Ok(ip) => {
                    client = ip;
                    if !self.contains(ip) {
                        break;
                    }
                }
                // A garbled hop: stop at what is known.
                Err(_) => break,
            }
        }
        client
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("ip")
    }

    #[test]
    fn networks_and_addresses() {
        let t = TrustedProxies::parse("10.0.0.0/8, 127.0.0.1, ::1, fd00::/8").expect("parse");
        assert!(t.contains(ip("10.1.2.3")) && t.contains(ip("127.0.0.1")));
        assert!(t.contains(ip("::ffff:127.0.0.1")), "v4-mapped");
        assert!(t.contains(ip("fd12::1")) && t.contains(ip("::1")));
        assert!(!t.contains(ip("11.0.0.1")) && !t.contains(ip("127.0.0.2")));
        assert!(TrustedProxies::parse("").expect("empty").0.is_empty());
        assert!(
            TrustedProxies::parse("0.0.0.0/0")
                .expect("all")
                .contains(ip("8.8.8.8"))
        );
        for bad in ["10.0.0.0/33", "proxy.local", "10.0.0.0/x"] {
            assert!(TrustedProxies::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn only_trusted_peers_are_believed() {
        let t = TrustedProxies::parse("10.0.0.0/8").expect("parse");
        let xff = Some("198.51.100.7, 203.0.113.5, 10.0.0.2");
        // From a trusted proxy: the nearest hop it did not add itself.
        assert_eq!(t.client(ip("10.0.0.1"), xff), ip("203.0.113.5"));
        // From anyone else: their header is ignored.
        assert_eq!(t.client(ip("203.0.113.9"), xff), ip("203.0.113.9"));
        assert_eq!(t.client(ip("10.0.0.1"), None), ip("10.0.0.1"));
        assert_eq!(t.client(ip("10.0.0.1"), Some("junk")), ip("10.0.0.1"));
        // Nothing trusted: the peer, whatever the header says.
        assert_eq!(
            TrustedProxies::default().client(ip("10.0.0.1"), xff),
            ip("10.0.0.1")
        );
    }
}
