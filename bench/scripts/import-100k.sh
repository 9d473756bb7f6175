#!/usr/bin/env bash
# Issue 11 item 7: a 100,000-row ledger (50,025 households) imported end to end — the upload stored, the check, the
# import — on PostgreSQL and on SQLite, each beside the database's own bulk write of the same rows in the same run
# (PostgreSQL: raw binary COPY; SQLite: INSERT … SELECT), with the peak working set (VmHWM) of the process that hosts
# the import and, on PostgreSQL, the CPU time of its backend. Prints the figures; re-runnable (the run deletes what it
# imported). Needs a Release build: dotnet build Shegong.slnx -c Release
#   bench/scripts/import-100k.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
B=bench/Shegong.Benchmarks/bin/Release/net10.0/Shegong.Benchmarks.dll
web=src/Shegong.Web/bin/Release/net10.0/Shegong.Web.dll
export SHEGONG_BENCH_PG=${SHEGONG_BENCH_PG:-/tmp/shegong-import-pg} SHEGONG_BENCH_PORT=${SHEGONG_BENCH_PORT:-55446}
bench/scripts/postgres.sh start >/dev/null 2>&1 || true   # already running is fine
cs=$(bench/scripts/postgres.sh url)
export Keys__File=${Keys__File:-$(bench/scripts/postgres.sh key)}   # the hosts run as Production: a key file of the cluster's own
export SHEGONG_BENCH_CS="$cs"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if ! as_pg psql -h "$SHEGONG_BENCH_PG" -p "$SHEGONG_BENCH_PORT" -U postgres -d shegong_bench -tAc \
     "SELECT 1 FROM stations WHERE region_prefix = '440106001'" 2>/dev/null | grep -q 1; then
  echo "setting up the benchmark database (seed, 广东省's regions, 20,000 people at 100 stations)…"
  ( export Database__Provider=Postgres ConnectionStrings__Shegong="$cs" Seed__DemoPassword=Demo2026pass
    dotnet "$web" seed && dotnet "$web" import-regions "$(bench/scripts/province-regions.sh 44 /tmp/shegong-regions-44)" 5 \
      && dotnet "$web" generate --persons 20000 --stations 100 --region 44 --seed 11 ) >/dev/null
fi
pg=/tmp/shegong-ledger-100k.xlsx; lite=/tmp/shegong-ledger-100k-sqlite.xlsx
[ -f "$pg" ] || dotnet "$B" import-file 100000 "$pg"                    # 五山街道's communities
[ -f "$lite" ] || dotnet "$B" import-file 100000 "$lite" 440112010001   # the demo station of a fresh SQLite database
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet "$B" import-raw "$pg"
dotnet "$B" import-run "$pg" 2>&1 | grep -v '^warn\|^      '
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
dotnet "$B" import-run "$lite" sqlite 2>&1 | grep -v '^warn\|^      '
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
