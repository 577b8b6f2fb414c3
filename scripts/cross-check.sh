#!/usr/bin/env bash
# Type-checks the app for macOS and Windows from Linux, so the code behind `cfg(not(unix))`,
# `cfg(target_os = "macos")` and `cfg(windows)` is compiled somewhere. Only the Rust is checked:
# the C that ring and SQLite build for those targets would need cross compilers, so their
# build scripts get a no-op compiler (nothing is linked by `cargo check`).
set -euo pipefail
cd "$(dirname "$0")/.."
targets=(x86_64-apple-darwin x86_64-pc-windows-gnu)
rustup target add "${targets[@]}"
export CC_x86_64_apple_darwin=true AR_x86_64_apple_darwin=true
export CC_x86_64_pc_windows_gnu=true AR_x86_64_pc_windows_gnu=true
args=()
for t in "${targets[@]}"; do args+=(--target "$t"); done
cargo clippy "${args[@]}" --target-dir target/cross -- -D warnings
