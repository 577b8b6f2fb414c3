#!/usr/bin/env bash
# Regenerates the README's pictures of each screen (assets/screens/*.svg, with *.txt beside them
# for diffs) from the real app: a local server on a fresh database, a few seeded tasks, the
# scheduler's first runs, and the TUI driven in a 100x30 pseudo-terminal.
# Takes about a minute and a half: it waits for the scheduler's next whole minute.
#
#   scripts/readme-screens.sh [--out DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --bin recoup-tasks
# The driver is an example (it shares the pty harness with tests/e2e/tui_e2e.rs); it only drives the
# app, so it is built with the test profile's dependencies rather than in release.
cargo run --quiet --example readme_screens -- \
    --bin "${CARGO_TARGET_DIR:-target}/release/recoup-tasks" "$@"
