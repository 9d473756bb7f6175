#!/usr/bin/env bash
# p95 of the registry statistics over HTTP (wrk, 2 threads, 8 connections) for a province, a city (month and quarter),
# a district, a street and a station, on the benchmark database (bench/README.md).
# Usage: bench/scripts/stats.sh [label]   WEB_DLL=path/to/Shegong.Web.dll to measure another build (default: this tree's Release build)
#   CACHE_SECONDS=0 measures every request computing its figures (the figures cache off); DURATION=15s per URL.
#   Each URL is first loaded for WARMUP (3s) so that the measured run sees jitted, tiered code.
set -euo pipefail
cd "$(dirname "$0")/../.."
cs=$(bench/scripts/postgres.sh url)
export Keys__File=${Keys__File:-$(bench/scripts/postgres.sh key)}   # the hosts run as Production: a key file of the cluster's own
port=${PORT:-5300}
web=${WEB_DLL:-src/Shegong.Web/bin/Release/net10.0/Shegong.Web.dll}
[ -n "${WEB_DLL:-}" ] || dotnet build src/Shegong.Web -c Release -nologo -clp:ErrorsOnly >/dev/null
Statistics__CacheSeconds=${CACHE_SECONDS:-5} Database__Provider=Postgres ConnectionStrings__Shegong="$cs" Seed__Demo=false Logging__LogLevel__Default=Warning Auth__LoginAttemptsPerMinute=1000 \
  dotnet "$web" --urls "http://127.0.0.1:$port" >/tmp/shegong-bench-host.log 2>&1 &
host=$!
trap 'kill $host' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 1; done
token() { curl -s -X POST "http://127.0.0.1:$port/api/v1/auth/token" -H 'content-type: application/json' \
  -d "{\"userName\":\"$1\",\"password\":\"${SHEGONG_BENCH_PASSWORD:-Demo2026pass}\"}" | sed -n 's/.*"accessToken":"\([^"]*\)".*/\1/p'; }
# A page needs the sign-in cookie: log in through the form as a browser would.
cookie() {
  local jar; jar=$(mktemp)
  local form; form=$(curl -s -c "$jar" -b "$jar" "http://127.0.0.1:$port/account/login")
  local af; af=$(echo "$form" | sed -n 's/.*name="__RequestVerificationToken" value="\([^"]*\)".*/\1/p' | head -1)
  curl -s -o /dev/null -c "$jar" -b "$jar" --data-urlencode "Input.UserName=$1" --data-urlencode "Input.Password=${SHEGONG_BENCH_PASSWORD:-Demo2026pass}" \
    --data-urlencode "_handler=login" --data-urlencode "__RequestVerificationToken=$af" "http://127.0.0.1:$port/account/login"
  awk '!/^#/ || /^#HttpOnly_/ {sub(/^#HttpOnly_/, ""); if (NF >= 7) printf "%s=%s; ", $6, $7}' "$jar"; rm -f "$jar"
}
month=${MONTH:-$(date -d "$(date +%Y-%m-01) -1 month" +%Y-%m)}
quarter=${QUARTER:-$(date +%Y)-Q$(( ($(date +%-m) - 1) / 3 + 1 ))}
echo "== ${1:-run}: month $month, quarter $quarter, cache ${CACHE_SECONDS:-5} s, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
while read -r user url; do
  [ -n "$user" ] || continue
  if [[ $url == /api/* ]]; then export TOKEN=$(token "$user") COOKIE=; auth="Authorization: Bearer $TOKEN"
  else export COOKIE=$(cookie "$user") TOKEN=; auth="Cookie: $COOKIE"; fi
  curl -sf -o /dev/null -H "$auth" "http://127.0.0.1:$port$url" || echo "warm-up failed: $url"
  wrk -t2 -c8 -d${WARMUP:-3s} --timeout 10s -s bench/scripts/p95.lua "http://127.0.0.1:$port$url" >/dev/null
  single=$(curl -s -o /dev/null -w '%{time_total}' -H "$auth" "http://127.0.0.1:$port$url")
  echo "-- $user GET $url (one request: ${single}s)"
  wrk -t2 -c8 -d${DURATION:-15s} --timeout 10s -s bench/scripts/p95.lua "http://127.0.0.1:$port$url" | tail -2
done <<LIST
admin /api/v1/stats/registry?region=44&period=$month
admin /api/v1/stats/registry?region=44&period=$quarter
cityofficer /api/v1/stats/registry?region=4401&period=$month
cityofficer /api/v1/stats/registry?region=4401&period=$quarter
officer /api/v1/stats/registry?region=440112&period=$month
officer /api/v1/stats/registry?region=440112010&period=$month
worker /api/v1/stats/registry?period=$month
${PAGES:-}
${EXTRA:-}
LIST
