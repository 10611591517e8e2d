#!/usr/bin/env bash
# Everything a fresh machine needs before `npm start` / `npm test`, used by the README's first command
# and by .ci/run alike: Debian packages (chromium for the UI test, ripgrep, libkrb5-dev and build tools
# for code-server's native modules, neovim for the language server's Neovim test, postgresql for the store tests
# and the store bench, which start a throwaway cluster of their own as the unprivileged `postgres` user), the @vscode/ripgrep
# cache (its postinstall would download rg), then `npm ci` (its native build runs `npx node-gyp`, which must not
# stop to ask). Install with this script, not a plain `npm ci`: as root, code-server's postinstall
# (node_modules/code-server/postinstall.sh) exits with "Please pass --unsafe-perm" unless the environment has
# npm_config_unsafe_perm=true. npm 11 itself dropped that config and warns 'Unknown env config "unsafe-perm"'
# when it sees it, so it is set for root only, the reason is printed, and that one warning line is not repeated.
# Installs Debian packages only when one is missing.
set -uo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive npm_config_yes=true npm_config_fund=false npm_config_audit=false

need=()
for pkg in chromium ripgrep libkrb5-dev build-essential pkg-config neovim postgresql; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "== apt-get install ${need[*]}"
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then sudo_cmd="sudo -E"; fi
  $sudo_cmd apt-get update -qq < /dev/null && $sudo_cmd apt-get install -y -qq "${need[@]}" < /dev/null \
    || echo "apt-get install failed; tests needing ${need[*]} may fail"
fi

echo "== seed the @vscode/ripgrep download cache from Debian's rg"
bash scripts/seed-ripgrep-cache.sh || echo "could not seed the ripgrep cache; npm ci may fail"

echo "== npm ci"
if [ "$(id -u)" -eq 0 ]; then
  npm_version=$(npm --version)
  export npm_config_unsafe_perm=true
  echo "   (running as root: npm_config_unsafe_perm=true is set because code-server's postinstall refuses to install"
  echo "   as root without it; npm $npm_version no longer knows this config and would warn 'Unknown env config"
  echo "   \"unsafe-perm\"': that warning is expected and left out below. The postinstall does read the setting.)"
fi
t=$SECONDS
npm ci < /dev/null 2>&1 | { grep -v 'Unknown env config "unsafe-perm"' || true; }
status=${PIPESTATUS[0]}
if [ "$status" -ne 0 ]; then
  echo "== npm ci failed (exit $status); see the output above" >&2
  exit "$status"
fi
echo "== npm ci took $((SECONDS - t)) s"
