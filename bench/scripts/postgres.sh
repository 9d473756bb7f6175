#!/usr/bin/env bash
# A benchmark PostgreSQL cluster from the machine's own binaries (no Docker): start | stop | url | key.
#   bench/scripts/postgres.sh start   → cluster in /tmp/shegong-bench-pg on port 55432, database shegong_bench
#   bench/scripts/postgres.sh key     → the cluster's master key file (made once, 0600): the benchmark hosts run as
#                                       Production, which never makes one; export Keys__File=$(… key) before them
set -euo pipefail
dir=${SHEGONG_BENCH_PG:-/tmp/shegong-bench-pg}; port=${SHEGONG_BENCH_PORT:-55432}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "${1:-}" in
  start)
    if [ ! -d "$dir/data" ]; then
      mkdir -p "$dir"; [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
      as_pg "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --no-locale >/dev/null
    fi
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/log.txt" -w start -o "-p $port -k $dir -c listen_addresses=127.0.0.1 \
      -c shared_buffers=2GB -c work_mem=64MB -c maintenance_work_mem=1GB -c max_wal_size=8GB -c fsync=off -c synchronous_commit=off \
      -c full_page_writes=off -c max_connections=200" >/dev/null
    as_pg "$bin/psql" -h "$dir" -p "$port" -U postgres -tc "SELECT 1 FROM pg_database WHERE datname='shegong_bench'" | grep -q 1 \
      || as_pg "$bin/createdb" -h "$dir" -p "$port" -U postgres shegong_bench
    echo "Host=127.0.0.1;Port=$port;Database=shegong_bench;Username=postgres;Maximum Pool Size=100" ;;
  stop) as_pg "$bin/pg_ctl" -D "$dir/data" -w stop >/dev/null ;;
  key)
    mkdir -p "$dir"; key="$dir/shegong.key"
    [ -f "$key" ] || { (umask 077; head -c 32 /dev/urandom | base64 > "$key"); }
    echo "$key" ;;
  url) echo "Host=127.0.0.1;Port=$port;Database=shegong_bench;Username=postgres;Maximum Pool Size=100" ;;
  *) echo "usage: $0 start|stop|url|key"; exit 2 ;;
esac
