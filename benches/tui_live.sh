#!/usr/bin/env bash
# The TUI measured from outside (issue: start-up, memory with 10,000 tasks, idle draws): builds
# the release binary and runs benches/tui_live.rs, which prints the numbers.
#
#   benches/tui_live.sh                                  # 20 starts per case, 20 s idle
#   TUI_LIVE_STARTS=5 TUI_LIVE_IDLE_SECS=5 benches/tui_live.sh   # quicker
set -euo pipefail
cd "$(dirname "$0")/.."
echo "machine: $(nproc) cores; $(uptime)"
cargo bench --bench tui_live
