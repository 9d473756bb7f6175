#!/usr/bin/env bash
# p95 of a station's filtered person list and overdue list over HTTP (wrk), on the generated benchmark database.
# Usage: bench/scripts/lists.sh   (after bench/scripts/postgres.sh start and the generate command; see bench/README.md)
set -euo pipefail
cd "$(dirname "$0")/../.."
cs=$(bench/scripts/postgres.sh url)
export Keys__File=${Keys__File:-$(bench/scripts/postgres.sh key)}   # the hosts run as Production: a key file of the cluster's own
port=5300
dotnet build src/Shegong.Web -c Release -nologo -clp:ErrorsOnly >/dev/null
Database__Provider=Postgres ConnectionStrings__Shegong="$cs" Seed__Demo=false Logging__LogLevel__Default=Warning Auth__LoginAttemptsPerMinute=1000 \
  dotnet src/Shegong.Web/bin/Release/net10.0/Shegong.Web.dll --urls "http://127.0.0.1:$port" >/tmp/shegong-bench-host.log 2>&1 &
host=$!
trap 'kill $host' EXIT
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 1; done
export TOKEN=$(curl -s -X POST "http://127.0.0.1:$port/api/v1/auth/token" -H 'content-type: application/json' \
  -d "{\"userName\":\"worker\",\"password\":\"${SHEGONG_BENCH_PASSWORD:-Demo2026pass}\"}" | sed -n 's/.*"accessToken":"\([^"]*\)".*/\1/p')
total=$(curl -s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$port/api/v1/persons?pageSize=1" | sed -n 's/.*"total":\([0-9]*\).*/\1/p')
echo "station 长洲街道社工站: $total persons on file"
for url in "/api/v1/persons?tier=HighRisk&page=1" "/api/v1/persons?name=%E7%8E%8B&page=2" "/api/v1/persons?type=LivingAlone&community=440112010001" "/api/v1/visits/overdue?page=1"; do
  curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$port$url" # warm up
  echo "== GET $url"
  wrk -t2 -c8 -d${DURATION:-20s} -s bench/scripts/p95.lua "http://127.0.0.1:$port$url" | tail -2
done
