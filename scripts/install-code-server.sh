#!/usr/bin/env bash
# Installs code-server (VS Code server + web workbench, from the npm registry) into a
# cache directory outside the repository, for the end-to-end tests in test/e2e/.
#
#   bash scripts/install-code-server.sh          # prints the install dir on stdout
#
# Cache: ${SMTP_CODES_CACHE:-$HOME/.cache/smtp-codes}/code-server-4.100.3
# A marker file is written when the install is complete; later runs only check it.
#
# code-server's own postinstall cannot run here (it refuses root without unsafe-perm
# and @vscode/ripgrep downloads a binary from GitHub), so its steps are done by hand,
# as described in shared/notes/vscode-in-ci.md.
#
# Needs (Debian): libkrb5-dev ripgrep (and g++, make, python3 for node-gyp).
# Needs Node 20 (code-server 4.100.x is VS Code 1.100, which runs on Node 20).
set -euo pipefail

VERSION=4.100.3
CACHE="${SMTP_CODES_CACHE:-$HOME/.cache/smtp-codes}"
DIR="$CACHE/code-server-$VERSION"
MARKER="$DIR/.install-complete"
ENTRY="$DIR/node_modules/code-server/out/node/entry.js"

log() { printf '[install-code-server] %s\n' "$*" >&2; }
die() { printf '[install-code-server] ERROR: %s\n' "$*" >&2; exit 1; }

# Fast path: a complete install, built for this Node's ABI (native modules), is there.
ABI="$(node -p process.versions.modules 2>/dev/null || true)"
installed() { [[ -f "$MARKER" && -f "$ENTRY" ]] && grep -qx "abi=$ABI" "$MARKER"; }
if installed; then
  printf '%s\n' "$DIR"
  exit 0
fi

# ---- prerequisites -------------------------------------------------------------------
command -v node >/dev/null || die "node not found (Node 20 is needed)"
command -v npm >/dev/null || die "npm not found"
NODE_MAJOR="$(node -p 'process.versions.node.split(".")[0]')"
if [[ "$NODE_MAJOR" != 20 ]]; then
  log "warning: code-server $VERSION is built for Node 20, this is Node $(node -v); continuing"
fi
missing=()
command -v rg >/dev/null || missing+=("ripgrep (provides /usr/bin/rg)")
command -v krb5-config >/dev/null || missing+=("libkrb5-dev (headers for the kerberos module)")
command -v make >/dev/null || missing+=("make")
command -v g++ >/dev/null || missing+=("g++")
command -v python3 >/dev/null || missing+=("python3")
if ((${#missing[@]})); then
  die "missing prerequisites: ${missing[*]}. Install them with: apt-get update && apt-get install -y libkrb5-dev ripgrep build-essential python3"
fi
RG="$(command -v rg)"

mkdir -p "$CACHE"

# One installer at a time (parallel test runs share the cache).
exec 9>"$CACHE/.code-server-$VERSION.lock"
if command -v flock >/dev/null; then
  flock -w 900 9 || die "timed out after 900 s waiting for another install (lock $CACHE/.code-server-$VERSION.lock)"
  if installed; then
    printf '%s\n' "$DIR"
    exit 0
  fi
fi

start=$SECONDS
log "installing code-server $VERSION into $DIR (takes a few minutes the first time)"
rm -rf "$DIR"
mkdir -p "$DIR"
LOGFILE="$DIR/install.log"
: >"$LOGFILE"

# run STEP-NAME CMD...: runs a step with its output in install.log; on failure shows its tail.
run() {
  local name="$1"; shift
  log "$name"
  printf '\n==== %s: %s\n' "$name" "$*" >>"$LOGFILE"
  if ! "$@" >>"$LOGFILE" 2>&1; then
    tail -n 40 "$LOGFILE" >&2
    die "step failed: $name (full log: $LOGFILE)"
  fi
}

cd "$DIR"
printf '{ "name": "smtp-codes-code-server", "private": true }\n' >package.json

export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

# Step 2 of the notes.
run "npm install code-server@$VERSION (no scripts)" \
  npm install --no-save --ignore-scripts --no-package-lock "code-server@$VERSION"
[[ -f "$ENTRY" ]] || die "code-server entry point missing after npm install: $ENTRY"

# Step 3: code-server's postinstall, by hand.
VSCODE="$DIR/node_modules/code-server/lib/vscode"
[[ -d "$VSCODE" ]] || die "missing $VSCODE after npm install"
cd "$VSCODE"
run "npm install (lib/vscode, production deps, no scripts)" \
  npm install --omit=dev --ignore-scripts --no-audit --no-fund

# node-pty's own post-install step fails after pty.node is built: check the file, not the
# exit code, for the whole rebuild; the other modules are checked one by one below.
log "npm rebuild native modules (kerberos @parcel/watcher @vscode/spdlog native-watchdog node-pty @vscode/deviceid)"
printf '\n==== npm rebuild (lib/vscode)\n' >>"$LOGFILE"
npm rebuild kerberos @parcel/watcher @vscode/spdlog native-watchdog node-pty @vscode/deviceid \
  >>"$LOGFILE" 2>&1 || log "npm rebuild exited non-zero (expected: node-pty's post-install step); checking the built files"

PTY="$VSCODE/node_modules/node-pty/build/Release/pty.node"
[[ -f "$PTY" ]] || { tail -n 40 "$LOGFILE" >&2; die "node-pty was not built: $PTY missing (full log: $LOGFILE)"; }
# Each native module must load (some, like @parcel/watcher, use a prebuilt package).
for mod in kerberos @parcel/watcher @vscode/spdlog native-watchdog node-pty @vscode/deviceid; do
  if ! out="$(node -e "require('$mod')" 2>&1)"; then
    printf '%s\n' "$out" | tail -n 20 >&2
    die "native module $mod does not load after npm rebuild (full log: $LOGFILE)"
  fi
done

mkdir -p node_modules/@vscode/ripgrep/bin
cp "$RG" node_modules/@vscode/ripgrep/bin/rg
chmod +x node_modules/@vscode/ripgrep/bin/rg
ln -sfn node_modules node_modules.asar

cd "$DIR"
run "npm rebuild argon2" npm rebuild argon2

# Smoke check: the server starts far enough to print its version.
run "code-server --version" node "$ENTRY" --version

printf 'code-server %s installed %s with node %s in %ss\nabi=%s\n' \
  "$VERSION" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(node -v)" "$((SECONDS - start))" "$ABI" >"$MARKER"
log "done in $((SECONDS - start)) s"
printf '%s\n' "$DIR"
