//! Fork-join Fibonacci: split with `rayon::join` above a cutoff, plain recursion below it.

use std::env;

/// Below this, a subproblem is too small to be worth a task.
const CUTOFF: i64 = 27;

fn fib(n: i64) -> i64 {
    if n < 2 {
        n
    } else {
        fib(n - 1) + fib(n - 2)
    }
}

fn par_fib(n: i64) -> i64 {
    if n <= CUTOFF {
        return fib(n);
    }
    let (a, b) = rayon::join(|| par_fib(n - 1), || par_fib(n - 2));
    a + b
}

fn main() {
    let n = env::args()
        .nth(1)
        .map_or(40, |s| s.parse().expect("n is an integer"));
    println!("fib({n}) = {}", par_fib(n));
}
