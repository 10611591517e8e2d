#!/usr/bin/env bash
# code-server's bundled VS Code depends on @vscode/ripgrep, whose postinstall downloads rg from GitHub (not
# reachable here). Its download cache is pre-seeded with Debian's /usr/bin/rg so `npm ci` finds the tarball.
# The versions are those of the @vscode/ripgrep that code-server 4.100.3 pins (1.15.11, rg v13.0.0-10).
set -euo pipefail
rg_bin=$(command -v rg || true)
if [ -z "$rg_bin" ]; then echo "seed-ripgrep-cache: no rg on PATH (apt-get install ripgrep)" >&2; exit 1; fi
case "$(uname -m)" in
  x86_64) target=x86_64-unknown-linux-musl ;;
  aarch64) target=aarch64-unknown-linux-musl ;;
  *) echo "seed-ripgrep-cache: unsupported arch $(uname -m)" >&2; exit 1 ;;
esac
cache="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-1.15.11"
tarball="$cache/ripgrep-v13.0.0-10-$target.tar.gz"
mkdir -p "$cache"
tmp=$(mktemp -d)
cp "$rg_bin" "$tmp/rg"
tar -czf "$tarball" -C "$tmp" rg
rm -rf "$tmp"
echo "seeded $tarball"
