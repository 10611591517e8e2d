#!/usr/bin/env bash
# Everything a fresh machine needs before `npm start` / `npm test`, used by the README's first command
# and by .ci/run alike: Debian packages (chromium for the UI test, ripgrep, libkrb5-dev and build tools
# for code-server's native modules, neovim for the language server's Neovim test, postgresql for the store tests
# and the store bench, which start a throwaway cluster of their own as the unprivileged `postgres` user), the @vscode/ripgrep
# cache (its postinstall would download rg), then `npm ci` (as root, code-server's postinstall needs
# unsafe-perm, and its native build runs `npx node-gyp`, which must not stop to ask).
# Installs Debian packages only when one is missing.
set -uo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive npm_config_unsafe_perm=true npm_config_yes=true npm_config_fund=false npm_config_audit=false

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
t=$SECONDS
npm ci < /dev/null || exit 1
echo "== npm ci took $((SECONDS - t)) s"
