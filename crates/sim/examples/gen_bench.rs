//! Generates a plant's history and prints how long it took.
//!
//! `cargo run --release -p dealerdesk-sim --example gen_bench -- [orders] [seed]`
//! (defaults: 50,000 orders, seed 1; three factories with 150 dealers each
//! over two years).

use dealerdesk_sim::{FactoryPlan, PlantConfig, PlantGenerator};
use std::collections::BTreeMap;
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let orders: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(50_000);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let config = PlantConfig {
        seed,
        factories: ["KH", "PL", "DN"]
            .into_iter()
            .map(FactoryPlan::new)
            .collect(),
        dealers_per_factory: 150,
        orders,
        start: time::macros::date!(2024 - 01 - 01),
        end: time::macros::date!(2025 - 12 - 31),
    };

    let t0 = Instant::now();
    let generator = match PlantGenerator::new(config) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("bad config: {e}");
            std::process::exit(2);
        }
    };
    let built = t0.elapsed();

    let t1 = Instant::now();
    let mut by_type: BTreeMap<&'static str, u64> = BTreeMap::new();
    let mut total = 0u64;
    let mut attachment_bytes = 0usize;
    for sent in generator.events() {
        total += 1;
        *by_type.entry(sent.event.type_name()).or_insert(0) += 1;
        if let dealerdesk_sync::events::EventData::AttachmentAdded(a) = &sent.event.data {
            attachment_bytes += a.content.len();
        }
    }
    let generated = t1.elapsed();

    let t2 = Instant::now();
    let reference = generator.reference();
    let referenced = t2.elapsed();

    let t3 = Instant::now();
    let mut json_bytes = 0usize;
    for sent in generator.events() {
        json_bytes += sent.event.to_json().to_string().len();
    }
    let serialised = t3.elapsed();

    println!("orders requested:        {orders}");
    println!("orders accepted:         {}", reference.orders.len());
    println!("dealers:                 {}", reference.dealers.len());
    println!("events:                  {total}");
    for (t, n) in &by_type {
        println!("  {t:<24} {n}");
    }
    println!("attachment bytes:        {attachment_bytes}");
    println!("end state:               {:?}", reference.status_counts());
    let owing = reference
        .dealers
        .values()
        .filter(|d| d.balance_minor > 0)
        .count();
    println!("dealers owing money:     {owing}");
    println!("build plant:             {:.3} s", built.as_secs_f64());
    println!(
        "generate all events:     {:.3} s ({:.0} events/s)",
        generated.as_secs_f64(),
        total as f64 / generated.as_secs_f64()
    );
    println!("reference (end state):   {:.3} s", referenced.as_secs_f64());
    println!(
        "generate + to_json:      {:.3} s ({:.1} MiB of JSON)",
        serialised.as_secs_f64(),
        json_bytes as f64 / 1048576.0
    );
}
