#!/usr/bin/env bash
# Static checks (tsc, deno fmt --check, deno lint, deno doc --lint), then the one test suite under Deno, Bun and Node 20
# in turn (or only the runtimes named as arguments). Each part prints its runner's own summary under a banner naming the
# runtime; the last line adds them up.
set -uo pipefail
cd "$(dirname "$0")/.."
bin=node_modules/.bin
runtimes=("$@")
[ ${#runtimes[@]} -eq 0 ] && runtimes=(deno bun node)
mapfile -t files < <(find tests -name '*.test.ts' | sort)
status=0
if [ $# -eq 0 ]; then
  echo "=============== static checks ==============="
  # deno doc warns about every @types/node file it cannot resolve: shown only when the lint fails.
  # deno check --doc type-checks every JSDoc example of the entries and of src/ (examples import the package by name).
  # The fake CLI's JavaScript: its checked-in declarations are the ones tsc generates from it, and tsconfig.fake.json
  # type-checks it (checkJs).
  entries=(mod.ts protocol.ts testing.ts stores/postgres.ts)
  mapfile -t sources < <(find src -name '*.ts' ! -name '*.d.ts' | sort)
  "$bin/tsc" -p tsconfig.json && node scripts/fake_cli_declarations.mjs --check && "$bin/tsc" -p tsconfig.fake.json \
    && "$bin/deno" fmt --check --quiet && "$bin/deno" lint --quiet && doc=$("$bin/deno" doc --lint "${entries[@]}" 2>&1 >/dev/null) \
    && "$bin/deno" check --quiet --doc "${entries[@]}" "${sources[@]}" \
    && echo "tsc (library, fake CLI and its declarations), deno fmt, deno lint, deno doc --lint, deno check --doc: clean" \
    || { echo "${doc:-}" | grep -v "Failed resolving types\|node_modules/@types"; echo "static checks failed"; status=1; }
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
passed=0
failed=0
count() { grep -Eo "$1" "$log" | grep -Eo '[0-9]+' | tail -n 1; }
for runtime in "${runtimes[@]}"; do
  echo "=============== $runtime ==============="
  case "$runtime" in
    deno) "$bin/deno" test --allow-all --quiet "${files[@]}" 2>&1 | tee "$log" ;;
    bun)  "$bin/bun" test --timeout 120000 "${files[@]/#/./}" 2>&1 | tee "$log" ;;
    node) node --import tsx --test --test-concurrency=1 "${files[@]}" 2>&1 | tee "$log" ;;
    *) echo "unknown runtime: $runtime"; false ;;
  esac
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  # Each runner's own summary, read back: deno "N passed | N failed", bun " N pass / N fail", node "# pass N / # fail N".
  sed -r 's/\x1b\[[0-9;]*m//g' -i "$log"
  case "$runtime" in
    deno) p=$(count '[0-9]+ passed'); f=$(count '[0-9]+ failed') ;;
    bun)  p=$(count '^ *[0-9]+ pass$'); f=$(count '^ *[0-9]+ fail$') ;;
    node) p=$(count '^# pass [0-9]+'); f=$(count '^# fail [0-9]+') ;;
  esac
  echo "--- $runtime: ${p:-0} passed, ${f:-0} failed"
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
  [ "${p:-0}" -gt 0 ] || status=1
done
echo "runtimes: ${runtimes[*]}"
echo "total: $passed passed, $failed failed"
exit $status
