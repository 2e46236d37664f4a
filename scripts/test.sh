#!/usr/bin/env bash
# Runs the one test suite under Deno, Bun and Node 20 in turn (or only the runtimes named as arguments).
# Each part prints its runner's own summary under a banner naming the runtime.
set -uo pipefail
cd "$(dirname "$0")/.."
bin=node_modules/.bin
runtimes=("$@")
[ ${#runtimes[@]} -eq 0 ] && runtimes=(deno bun node)
mapfile -t files < <(find tests -name '*.test.ts' | sort)
status=0
for runtime in "${runtimes[@]}"; do
  echo "=============== $runtime ==============="
  case "$runtime" in
    deno) "$bin/deno" test --allow-all --quiet "${files[@]}" || status=1 ;;
    bun)  "$bin/bun" test --timeout 120000 "${files[@]/#/./}" || status=1 ;;
    node) node --import tsx --test --test-concurrency=1 "${files[@]}" || status=1 ;;
    *) echo "unknown runtime: $runtime"; status=1 ;;
  esac
done
exit $status
