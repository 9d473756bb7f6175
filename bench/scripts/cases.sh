#!/usr/bin/env bash
# p95 of the case work over HTTP (wrk, 2 threads, 8 connections) on the benchmark database with its generated case
# load (bench/README.md, "Cases"): a worker's task list and a station's case list with 8 different people at 8
# stations (one request after another they take turns), and the case statistics of the province, a city and a station.
# Usage: bench/scripts/cases.sh [label]   DURATION=15s per URL; each URL is first loaded for WARMUP (3s).
set -euo pipefail
cd "$(dirname "$0")/../.."
cs=$(bench/scripts/postgres.sh url)
export Keys__File=${Keys__File:-$(bench/scripts/postgres.sh key)}   # the hosts run as Production: a key file of the cluster's own
port=${PORT:-5300}
pw=${SHEGONG_BENCH_PASSWORD:-Demo2026pass}
web=${WEB_DLL:-src/Shegong.Web/bin/Release/net10.0/Shegong.Web.dll}
[ -n "${WEB_DLL:-}" ] || dotnet build src/Shegong.Web -c Release -nologo -clp:ErrorsOnly >/dev/null
Database__Provider=Postgres ConnectionStrings__Shegong="$cs" Seed__Demo=false Logging__LogLevel__Default=Warning Auth__LoginAttemptsPerMinute=10000 \
  dotnet "$web" --urls "http://127.0.0.1:$port" >/tmp/shegong-bench-host.log 2>&1 &
host=$!
trap 'kill $host' EXIT
for _ in $(seq 1 120); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 1; done
token() { curl -s -X POST "http://127.0.0.1:$port/api/v1/auth/token" -H 'content-type: application/json' \
  -d "{\"userName\":\"$1\",\"password\":\"$pw\"}" | sed -n 's/.*"accessToken":"\([^"]*\)".*/\1/p'; }
# 8 stations far apart (every 125th of those with generated workers): their first worker and their manager.
psql_() { psql "host=${SHEGONG_BENCH_PG:-/tmp/shegong-bench-pg} port=${SHEGONG_BENCH_PORT:-55432} user=postgres dbname=shegong_bench" -Atc "$1"; }
codes=$(psql_ "SELECT substr(user_name, 3, length(user_name) - 4) FROM asp_net_users WHERE user_name LIKE 'cw%-1' ORDER BY user_name" | awk 'NR % 125 == 1' | head -8)
workers=""; managers=""
for c in $codes; do workers+="$(token "cw$c-1"),"; managers+="$(token "cm$c"),"; done
half=${HALF:-$(date +%Y)-H$(( $(date +%-m) <= 6 ? 1 : 2 ))}
echo "== ${1:-run}: stations $(echo $codes | tr '\n' ' '), half $half, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
echo "   cases $(psql_ 'SELECT count(*) FROM cases'), notes $(psql_ 'SELECT count(*) FROM case_notes'), referrals $(psql_ 'SELECT count(*) FROM referrals')"
admin=$(token admin); city=$(token cityofficer)
while read -r who url; do
  [ -n "$who" ] || continue
  case $who in workers) export TOKENS=$workers ;; managers) export TOKENS=$managers ;; admin) export TOKENS=$admin ;; city) export TOKENS=$city ;; esac
  first=${TOKENS%%,*}
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $first" "http://127.0.0.1:$port$url")
  wrk -t2 -c8 -d${WARMUP:-3s} --timeout 10s -s bench/scripts/p95-tokens.lua "http://127.0.0.1:$port$url" >/dev/null
  echo "-- $who GET $url (HTTP $code)"
  wrk -t2 -c8 -d${DURATION:-15s} --timeout 10s -s bench/scripts/p95-tokens.lua "http://127.0.0.1:$port$url" | tail -2
done <<LIST
workers /api/v1/tasks
managers /api/v1/cases?page=1
managers /api/v1/cases?openOnly=true&page=2
admin /api/v1/statistics/cases?region=44&period=$half
city /api/v1/statistics/cases?region=4401&period=$half
${EXTRA:-}
LIST
