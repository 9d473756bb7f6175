#!/usr/bin/env bash
# Adds (or removes again) N months of older history to the benchmark database: every visit is copied N months
# earlier and every person is registered N months earlier, so figures of recent months are unchanged while every
# series has N more months behind it. Then rebuild the figures (`rebuild-stats`).
#   bench/scripts/history.sh extend 24     bench/scripts/history.sh undo 24
set -euo pipefail
cd "$(dirname "$0")/../.."
months=${2:-24}
dir=${SHEGONG_BENCH_PG:-/tmp/shegong-bench-pg}; port=${SHEGONG_BENCH_PORT:-55432}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
psql() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$bin/psql" -h "$dir" -p "$port" -U postgres -v ON_ERROR_STOP=1 shegong_bench "$@"; else "$bin/psql" -h "$dir" -p "$port" -U postgres -v ON_ERROR_STOP=1 shegong_bench "$@"; fi; }
ledger=$(psql -tAc "SELECT to_regclass('person_ledger_changes') IS NOT NULL")
case "${1:-}" in
  extend)
    psql <<SQL
BEGIN;
CREATE TABLE bench_history_visits (id uuid PRIMARY KEY);
INSERT INTO bench_history_visits SELECT gen_random_uuid() FROM visits;
WITH src AS (SELECT v.*, row_number() OVER () AS n FROM visits v),
     ids AS (SELECT id, row_number() OVER () AS n FROM bench_history_visits)
INSERT INTO visits (id, station_id, region_prefix, person_id, method, visited_on, visitor_id, visitor_name, tier, record, recorded_at_utc)
SELECT ids.id, station_id, region_prefix, person_id, method, (visited_on - interval '$months months')::date, visitor_id, visitor_name, tier, record,
       recorded_at_utc - interval '$months months'
  FROM src JOIN ids USING (n);
UPDATE persons SET registered_on = (registered_on - interval '$months months')::date;
$( [ "$ledger" = t ] && echo "UPDATE person_ledger_changes SET changed_on = (changed_on - interval '$months months')::date WHERE id = person_id;" )
COMMIT;
SQL
    ;;
  undo)
    psql <<SQL
BEGIN;
DELETE FROM visits WHERE id IN (SELECT id FROM bench_history_visits);
DROP TABLE bench_history_visits;
UPDATE persons SET registered_on = (registered_on + interval '$months months')::date;
$( [ "$ledger" = t ] && echo "UPDATE person_ledger_changes SET changed_on = (changed_on + interval '$months months')::date WHERE id = person_id;" )
COMMIT;
SQL
    ;;
  *) echo "usage: $0 extend|undo [months]"; exit 2 ;;
esac
psql -tAc "SELECT count(*) || ' visits, ' || (SELECT count(*) FROM persons) || ' persons' FROM visits"
