//! The permission matrix's rows: for each route, the requests to make and
//! the status each person must get, an area of the product a file.

use super::*;

mod basics;
mod communication;
mod desks;
mod portal;
mod sales;
mod staff;
mod sync;

/// Every status for everyone.
pub(super) fn all(s: u16) -> [u16; 12] {
    [s; 12]
}

/// The policy's rows, route by route; each area's in its own file.
struct Rows(BTreeMap<(Method, &'static str), Vec<Probe>>);

impl Rows {
    fn add(&mut self, method: Method, route: &'static str, probes: Vec<Probe>) {
        assert!(
            self.0.insert((method, route), probes).is_none(),
            "{route} listed twice"
        );
    }
}

/// The policy, route by route. Expectations are in `WHO` order:
///            anon  dAdm  dUsr  mgr  head  spec  fin  cont  adm  othD  othF  token
pub(super) fn matrix() -> BTreeMap<(Method, &'static str), Vec<Probe>> {
    let mut m = Rows(BTreeMap::new());
    basics::rows(&mut m);
    communication::rows(&mut m);
    staff::rows(&mut m);
    desks::rows(&mut m);
    sales::rows(&mut m);
    portal::rows(&mut m);
    sync::rows(&mut m);
    m.0
}
