#!/usr/bin/env bash
# The benchmark suite: Aurora against hand-written Rust and Go (docs/benchmarks.md).
#
#   bench/suite/run.sh                      # build everything, check checksums, print the tables
#   bench/suite/run.sh --quick              # small sizes: does everything build, run and agree?
#   bench/suite/run.sh --rounds 7 --only fib,mandelbrot --threads 1,2
#
# Builds in release mode: the Aurora programs (aurora/*.aur) through build.rs and the `aurora`
# build-script library, the Rust twins (rust/*.rs) and the runner with Cargo, the Go twins
# (go/*.go) with `go build`. Installs Go (Debian's golang-go) when it is missing. The other
# arguments go to the runner (src/main.rs): --rounds N (default 5), --speedup-rounds N
# (default 3; 0 skips the speed-up table), --quick, --only NAMES, --threads LIST (default 1, 2,
# 4, ... up to the cores present).
set -euo pipefail
cd "$(dirname "$0")"

if ! command -v go >/dev/null 2>&1; then
    echo "run.sh: installing Go (golang-go)" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get install -y golang-go >&2 || { $sudo apt-get update >&2 && $sudo apt-get install -y golang-go >&2; }
fi

echo "run.sh: building (cargo build --release, go build)" >&2
# The versions the workspace is built and tested with (Cargo adds what the suite needs more).
cp ../../Cargo.lock Cargo.lock
cargo build --release --quiet
mkdir -p target/go
for source in go/*.go; do
    name=$(basename "$source" .go)
    GOFLAGS=-trimpath go build -o "target/go/$name" "$source"
done

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB"
echo "toolchains: $(rustc --version), $(go version | cut -d' ' -f3-)"
exec target/release/suite "$@"
