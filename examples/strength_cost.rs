//! Calibrates the complexity bound: runs zxcvbn (unbounded, up to its own 100 characters) on
//! prefixes of costly inputs and prints predicted cost against measured time.
//!
//!   cargo run --release --example strength_cost
use account_rules::strength::{COST_BUDGET, StrengthOptions, estimate, predicted_cost, prepare};
use std::time::Instant;

fn main() {
    prepare();
    let families = [
        ("l33t symbols", "4@8({[<3691!|70$5+7%2"),
        ("l33t reversed", "2%7+5$07|!1963<[{(8@4"),
        ("ascii punctuation", "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"),
        ("mixed words+symbols", "P@ssw0rd!Tr0ub4dour&3{c0rr3ct}"),
        ("letters", "correcthorsebatterystaple"),
        ("digits", "1234567890"),
        ("date-like digits", "19910513"),
        ("repeats", "ab"),
        ("keyboard rows", "qwertyuiopasdfghjkl;zxcvbnm,./"),
    ];
    println!(
        "family                 n   predicted cost   zxcvbn ms   ns/unit   bounded: evaluated  ms"
    );
    for (name, base) in families {
        for n in [8usize, 12, 16, 20, 24, 32, 42, 64, 100] {
            let s: String = base.chars().cycle().take(n).collect();
            let cost = predicted_cost(&s);
            let started = Instant::now();
            let _ = zxcvbn::zxcvbn(&s, &[]);
            let raw = started.elapsed().as_secs_f64() * 1e3;
            let started = Instant::now();
            let report = estimate(&s, &StrengthOptions::default()).ok();
            let bounded = started.elapsed().as_secs_f64() * 1e3;
            let evaluated = report.map_or(0, |r| r.evaluated_chars);
            println!(
                "{name:20} {n:4} {cost:16} {raw:11.3} {:9.1}   {evaluated:>17} {bounded:6.2}",
                raw * 1e6 / cost.max(1) as f64
            );
        }
    }
    println!("COST_BUDGET = {COST_BUDGET}");
}
