#!/bin/sh
# Channel benchmarks side by side: aurora-std (what Aurora programs run) and crossbeam by hand
# (divan, one run), then the same workloads over Go channels. From the repository root:
#
#   bench/channels/run.sh
#
# Installs Go from the Debian packages when it is missing (apt-get install golang-go, Go 1.19).
set -eu
cd "$(dirname "$0")/../.."
if ! command -v go >/dev/null 2>&1; then
    if command -v sudo >/dev/null 2>&1; then sudo apt-get install -y golang-go; else apt-get install -y golang-go; fi
fi
cargo bench -p aurora-std --bench channels
go version
(cd bench/channels && GO111MODULE=off go run channels.go)
