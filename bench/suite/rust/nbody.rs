//! N-body: n bodies under softened gravity, integrated for a number of steps. Each step the
//! accelerations are computed in parallel (body i sums over every other body in index order,
//! so the result does not depend on the thread count), then every body moves. The checksum is
//! the total energy before and after.

use rayon::prelude::*;
use std::env;

const SOFTENING: f64 = 0.01;
const DT: f64 = 0.001;

#[derive(Clone, Copy)]
struct Body {
    x: f64,
    y: f64,
    z: f64,
    vx: f64,
    vy: f64,
    vz: f64,
    m: f64,
}

/// A 64-bit LCG; the top 53 bits make a float in [0, 1) (identical in every twin).
struct Rng(u64);

impl Rng {
    fn next_float(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 11) & ((1 << 53) - 1)) as f64 / 9007199254740992.0
    }
}

fn make_bodies(n: usize) -> Vec<Body> {
    let mut rng = Rng(42);
    (0..n)
        .map(|_| Body {
            x: 2.0 * rng.next_float() - 1.0,
            y: 2.0 * rng.next_float() - 1.0,
            z: 2.0 * rng.next_float() - 1.0,
            vx: (rng.next_float() - 0.5) * 0.1,
            vy: (rng.next_float() - 0.5) * 0.1,
            vz: (rng.next_float() - 0.5) * 0.1,
            m: rng.next_float() * 0.01 + 0.001,
        })
        .collect()
}

fn accel(bodies: &[Body], i: usize) -> (f64, f64, f64) {
    let bi = &bodies[i];
    let (mut ax, mut ay, mut az) = (0.0, 0.0, 0.0);
    for (j, bj) in bodies.iter().enumerate() {
        if j != i {
            let (dx, dy, dz) = (bj.x - bi.x, bj.y - bi.y, bj.z - bi.z);
            let d2 = dx * dx + dy * dy + dz * dz + SOFTENING;
            let s = bj.m / (d2 * d2.sqrt());
            ax += dx * s;
            ay += dy * s;
            az += dz * s;
        }
    }
    (ax, ay, az)
}

fn step(bodies: &mut [Body]) {
    let acc: Vec<(f64, f64, f64)> = (0..bodies.len())
        .into_par_iter()
        .map(|i| accel(bodies, i))
        .collect();
    // Moving is O(n), the accelerations O(n^2): the move is not worth a parallel loop.
    for (b, &(ax, ay, az)) in bodies.iter_mut().zip(&acc) {
        b.vx += ax * DT;
        b.vy += ay * DT;
        b.vz += az * DT;
        b.x += b.vx * DT;
        b.y += b.vy * DT;
        b.z += b.vz * DT;
    }
}

fn energy(bodies: &[Body]) -> f64 {
    let mut e = 0.0;
    for (i, bi) in bodies.iter().enumerate() {
        e += 0.5 * bi.m * (bi.vx * bi.vx + bi.vy * bi.vy + bi.vz * bi.vz);
        for bj in &bodies[i + 1..] {
            let (dx, dy, dz) = (bj.x - bi.x, bj.y - bi.y, bj.z - bi.z);
            e -= bi.m * bj.m / (dx * dx + dy * dy + dz * dz + SOFTENING).sqrt();
        }
    }
    e
}

fn main() {
    let mut args = env::args().skip(1);
    let n: usize = args
        .next()
        .map_or(1000, |s| s.parse().expect("n is an integer"));
    let steps: usize = args
        .next()
        .map_or(100, |s| s.parse().expect("steps is an integer"));
    let mut bodies = make_bodies(n);
    let before = energy(&bodies);
    for _ in 0..steps {
        step(&mut bodies);
    }
    println!(
        "{n} bodies, {steps} steps: energy {before:.9} -> {:.9}",
        energy(&bodies)
    );
}
