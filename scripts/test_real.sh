#!/usr/bin/env bash
# Runs test files against the REAL Claude Code CLI, offline: installs the pinned CLI (tests/real_cli/install_cli.ts,
# the only step that uses the network), then, inside a new network namespace (`unshare -n`: only a loopback, so the
# CLI can reach nothing but 127.0.0.1), starts the stand-in Messages API (tests/real_cli/serve_stand_in.ts) and runs
# the tests with CLAUDE_STREAM_TEST_CLI pointing at the real binary and ANTHROPIC_BASE_URL at the stand-in.
#
#   bash scripts/test_real.sh [--runtime all|node|deno|bun] [test files...]
#
# Default: every runtime (Node, Deno, Bun, one after the other), over the tests that drive a CLI: tests/session,
# tests/history, tests/http, tests/docs, tests/examples (each test that needs the fake says so and is skipped); then,
# on Node, tests/real_cli/recorder.test.ts: the protocol cases re-recorded with this CLI and replayed against the fake
# (the recording does not depend on the runtime). See docs/real_cli.md.
#
# Env: CLAUDE_STREAM_REAL_CLI names a claude binary of your own to test instead (nothing is installed);
# CLAUDE_STREAM_REAL_CLI_VERSION picks another CLI version to install; STAND_IN_LOG_FILE keeps the stand-in's request log.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bin=node_modules/.bin

runtime=all
if [ "${1:-}" = "--runtime" ]; then runtime=$2; shift 2; fi

if [ "${TEST_REAL_INSIDE:-}" != "1" ]; then
  # Outside the namespace: install (cached after the first run), then re-enter this script isolated.
  if [ -n "${CLAUDE_STREAM_REAL_CLI:-}" ]; then
    cli=$CLAUDE_STREAM_REAL_CLI
  else
    cli=$(node --import tsx tests/real_cli/install_cli.ts) || { echo "test_real: installing the CLI failed"; exit 1; }
  fi
  [ -f "$cli" ] && [ -x "$cli" ] || { echo "test_real: no executable CLI at '$cli'"; exit 1; }
  echo "real CLI: $cli ($("$cli" --version 2>/dev/null | head -n 1))"
  export TEST_REAL_CLI="$cli" TEST_REAL_INSIDE=1 TEST_REAL_HOME_ORIG="$HOME"
  if command -v unshare >/dev/null && command -v ip >/dev/null && unshare -n true 2>/dev/null; then
    echo "network: isolated (unshare -n: loopback only)"
    exec unshare -n bash "$0" --runtime "$runtime" "$@"
  fi
  echo "network: NOT isolated (unshare -n is not available here); the CLI still only gets 127.0.0.1 as its API"
  TEST_REAL_NOT_ISOLATED=1 exec bash "$0" --runtime "$runtime" "$@"
fi

# Inside the namespace (or without one).
[ "${TEST_REAL_NOT_ISOLATED:-}" = "1" ] || ip link set lo up || { echo "test_real: cannot bring up lo"; exit 1; }

files=("$@")
record=0
if [ ${#files[@]} -eq 0 ]; then
  mapfile -t files < <(ls tests/{session,history,http,docs,examples}/*.test.ts | sort)
  record=1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/cs-real-XXXXXX")
serve_out="$work/stand-in.out"
node --import tsx tests/real_cli/serve_stand_in.ts 0 >"$serve_out" 2>&1 &
stand_in=$!
cleanup() {
  kill "$stand_in" 2>/dev/null
  wait "$stand_in" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 143' INT TERM  # a run stopped by a signal still stops its stand-in (through the EXIT trap)
for _ in $(seq 100); do grep -q '^listening on ' "$serve_out" && break; sleep 0.1; done
url=$(sed -n 's/^listening on //p' "$serve_out" | head -n 1)
[ -n "$url" ] || { echo "test_real: the stand-in API did not start:"; cat "$serve_out"; exit 1; }
echo "stand-in API: $url"

mkdir -p "$work/home"
export CLAUDE_STREAM_TEST_CLI="$TEST_REAL_CLI"
export ANTHROPIC_BASE_URL="$url" ANTHROPIC_API_KEY=dummy
export CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 DISABLE_TELEMETRY=1 DISABLE_AUTOUPDATER=1 DISABLE_ERROR_REPORTING=1
export CLAUDE_CODE_MAX_RETRIES=1
unset CLAUDECODE ANTHROPIC_AUTH_TOKEN CLAUDE_CODE_USE_BEDROCK CLAUDE_CODE_USE_VERTEX
# The runners' caches stay where they are (no network to refill them); the CLI gets an empty HOME.
export DENO_DIR="${DENO_DIR:-$TEST_REAL_HOME_ORIG/.cache/deno}"
export BUN_INSTALL_CACHE_DIR="${BUN_INSTALL_CACHE_DIR:-$TEST_REAL_HOME_ORIG/.bun/install/cache}"
export HOME="$work/home"

# One runtime's run of the files; prints how it ended and returns its exit status.
run_on() {
  local name=$1 started status
  started=$(date +%s)
  echo "=============== $name, real CLI: ${#files[@]} file(s) ==============="
  case "$name" in
    node) node --import tsx --test --test-concurrency=1 "${files[@]}" ;;
    deno) "$root/$bin/deno" test --allow-all --quiet "${files[@]}" ;;
    bun)  "$root/$bin/bun" test --timeout 300000 "${files[@]/#/./}" ;;  # Node and Deno set no per-test limit
    *) echo "unknown runtime: $name"; return 2 ;;
  esac
  status=$?
  echo "--- real CLI run on $name: exit $status in $(( $(date +%s) - started )) s"
  return $status
}

runtimes=("$runtime")
[ "$runtime" = "all" ] && runtimes=(node deno bun)
failed=()
for name in "${runtimes[@]}"; do run_on "$name" || failed+=("$name"); done
if [ $record -eq 1 ]; then
  files=(tests/real_cli/recorder.test.ts)
  run_on node || failed+=("node (recorder)")
fi
[ ${#failed[@]} -eq 0 ] || { echo "test_real: failed on ${failed[*]}"; exit 1; }
