#!/usr/bin/env bash
# Every benchmark in one run, on one machine state: khabar and its Rust peers (criterion, one
# thread), then Lucene's ArabicAnalyzer on the same ANT text. Figures go to BENCHMARKS.md.
#
#   benches/run-all.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

echo "# machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB"
echo "# rustc: $(rustc --version)"
echo "# date: $(date -u +%Y-%m-%dT%H:%MZ)"
cargo bench -p khabar-benches --bench text 2>&1 | grep -E '^(normalise|[a-z].*/)|time:|thrpt:|skipping' || true
benches/lucene/run.sh
