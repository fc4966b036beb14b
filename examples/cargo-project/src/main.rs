//! Sensor readings summarised by one Aurora module and laid out by another.

// build.rs wrote OUT_DIR/stats.rs from src/aurora/stats.aur.
mod stats {
    aurora_std::include_aurora!("stats");
}

// The macro is short for this form.
mod report {
    include!(concat!(env!("OUT_DIR"), "/report.rs"));
}

fn main() {
    let readings = [12.5, 14.0, 9.5, 11.0, 13.0];
    let summary = stats::summarize(&readings);

    println!("{}", report::heading());
    println!("{}", report::row("count", summary.count as f64));
    println!("{}", report::row("min", summary.min));
    println!("{}", report::row("max", summary.max));
    println!("{}", report::row("mean", summary.mean));
    println!("{}", report::row("variance", stats::variance(&readings)));
    for (i, r) in readings.iter().enumerate() {
        println!("{}", report::bar(&format!("sensor {i}"), *r, 0.5));
    }
}
