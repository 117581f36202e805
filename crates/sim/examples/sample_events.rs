//! Prints the events of the demo plant as JSON lines, in the wire form of
//! SYNC_API.md, with the factory and source first:
//!
//! `cargo run -p dealerdesk-sim --example sample_events -- [count] [seed]`

use dealerdesk_sim::{PlantConfig, PlantGenerator};

fn main() {
    let mut args = std::env::args().skip(1);
    let count: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(40);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let Ok(generator) = PlantGenerator::new(PlantConfig::demo(seed)) else {
        eprintln!("the demo config is invalid");
        std::process::exit(2);
    };
    for sent in generator.events().take(count) {
        println!(
            "{} {} {}",
            sent.factory_code,
            sent.source.as_str(),
            sent.event.to_json()
        );
    }
}
