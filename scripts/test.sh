#!/usr/bin/env bash
# The one test command: installs what is missing (PostgreSQL, nginx, Chromium, CJK fonts), builds, runs the unit tests,
# the integration suite on a throwaway PostgreSQL cluster and again on SQLite, then the end-to-end journeys in
# headless Chromium. Ends with one line: tests: N passed, N failed, N skipped
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out="$root/test-output"
rm -rf "$out"; mkdir -p "$out"
export SHEGONG_TEST_OUTPUT="$out" PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

sudo_if_needed() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
# The two-node test puts a real reverse proxy in front of two hosts (run as the current user, its own config and paths).
[ -x /usr/sbin/nginx ] || missing+=(nginx)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
# Real readers of the Excel exports: openpyxl (so pandas) and LibreOffice.
dpkg -s python3-openpyxl >/dev/null 2>&1 || missing+=(python3-openpyxl)
[ -x /usr/bin/soffice ] || missing+=(libreoffice-calc-nogui)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  sudo_if_needed apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
    || { echo "apt-get install failed"; echo "tests: 0 passed, 1 failed, 0 skipped"; exit 1; }
  # Debian starts the nginx service it installs (port 80, where systemd runs): the tests need only the binary.
  if [[ " ${missing[*]} " == *" nginx "* ]] && command -v systemctl >/dev/null 2>&1; then
    sudo_if_needed systemctl disable --now nginx >/dev/null 2>&1 || true
  fi
fi

dotnet tool restore >/dev/null
if ! dotnet build Shegong.slnx -c Release -nologo -clp:ErrorsOnly; then
  echo "build failed"
  echo "tests: 0 passed, 1 failed, 0 skipped"
  exit 1
fi

status=0; passed=0; failed=0; skipped=0
# Adds the <Counters .../> of one TRX file to the totals; leaves its failures in trx_failed.
add_counters() { # trx
  local counters p f e t n
  counters=$(grep -o '<Counters [^>]*>' "$1" | head -1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  p=$(get passed); f=$(get failed); e=$(get error); t=$(get timeout)
  # A skipped test is in the total but not executed (xunit's TRX leaves notExecuted at 0).
  local total executed; total=$(get total); executed=$(get executed)
  n=$(( ${total:-0} - ${executed:-${total:-0}} ))
  passed=$((passed + ${p:-0})); skipped=$((skipped + n))
  trx_failed=$((${f:-0} + ${e:-0} + ${t:-0})); failed=$((failed + trx_failed))
}
run_suite() { # name project [env...]
  local name=$1 project=$2 rc=0 trx; shift 2
  trx="$out/$name/$name.trx"
  echo "== $name"
  env "$@" dotnet test "$project" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" --results-directory "$out/$name" || rc=$?
  if [ ! -f "$trx" ]; then
    echo "$name produced no results (exit code $rc)"; failed=$((failed + 1)); status=1; return
  fi
  add_counters "$trx"
  if [ "$rc" -ne 0 ]; then
    status=1
    # A non-zero exit with no failed test in the results (host crash, abort) still counts as one failure.
    [ "$trx_failed" -gt 0 ] || { echo "$name exited with $rc but reported no failed test"; failed=$((failed + 1)); }
  fi
}
run_suite unit tests/Shegong.UnitTests
run_suite integration-postgres tests/Shegong.IntegrationTests SHEGONG_TEST_PROVIDER=Postgres
run_suite integration-sqlite tests/Shegong.IntegrationTests SHEGONG_TEST_PROVIDER=Sqlite
run_suite e2e tests/Shegong.E2E

[ "$failed" -gt 0 ] && status=1
echo "tests: $passed passed, $failed failed, $skipped skipped"
exit $status
