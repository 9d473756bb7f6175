#!/usr/bin/env bash
# What PostgreSQL row-level security would cost as a second line behind the scope filter (issue 10, item 4):
# the same station list query and the same visit-like insert, in the same run, with and without RLS.
#
#   bench/scripts/rls-cost.sh [seconds per run, default 15] [clients, default 2]
#
# A throwaway cluster (own folder and port), a persons-like table (200,000 rows in 200 stations, the station list
# index) and a visits-like table. "plain": the owner, no RLS (what the host does today). "rls": FORCE ROW LEVEL
# SECURITY, a policy keyed by per-transaction settings (set_config(..., true)), a non-owner role, and the setting sent
# in the same round trip as the statement (a pipeline: what an interceptor prefixing each command would do).
# "rls+rt": the same, but the setting sent as a round trip of its own (what the 40 ms visit save cannot afford).
# "rls-1": the list under a policy that is one equality (station only), to show what the OR of scope kinds costs.
# Each mode runs twice, interleaved, so that load on the machine hits all of them alike; read the relative figures.
set -euo pipefail
secs=${1:-15}; clients=${2:-2}
dir=${SHEGONG_RLS_PG:-/tmp/shegong-rls-pg}; port=${SHEGONG_RLS_PORT:-55491}
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
rm -rf "$dir"; mkdir -p "$dir"; [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
as_pg "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --no-locale >/dev/null
as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/log.txt" -w start -o "-p $port -k $dir -c listen_addresses=127.0.0.1 \
  -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null
trap 'as_pg "$bin/pg_ctl" -D "$dir/data" -w -m immediate stop >/dev/null; rm -rf "$dir"' EXIT
psql() { as_pg "$bin/psql" -h 127.0.0.1 -p "$port" -U "${PGUSER:-postgres}" -d postgres -qX -v ON_ERROR_STOP=1 "$@"; }

psql <<'SQL'
CREATE TABLE persons (id uuid PRIMARY KEY, station_id uuid NOT NULL, region_prefix text NOT NULL, name text NOT NULL,
  status int NOT NULL, tier int NOT NULL, next_due date);
INSERT INTO persons SELECT md5('p' || g)::uuid, md5((g % 200)::text)::uuid, '4401' || lpad((g % 200)::text, 5, '0') || lpad((g % 7)::text, 3, '0'),
  chr(19968 + ((g::bigint * 7919) % 20000)::int) || chr(19968 + ((g::bigint * 104729) % 20000)::int), CASE WHEN g % 20 = 0 THEN 1 ELSE 0 END, g % 3, current_date + (g % 90)
  FROM generate_series(1, 200000) g;
CREATE INDEX ix_persons_station ON persons (station_id, status, name, id);
CREATE TABLE visits (id uuid PRIMARY KEY, person_id uuid NOT NULL, station_id uuid NOT NULL, region_prefix text NOT NULL,
  visited_on date NOT NULL, method int NOT NULL, note text);
CREATE INDEX ix_visits_person ON visits (person_id, visited_on);
CREATE INDEX ix_visits_station ON visits (station_id, visited_on);
ANALYZE;
-- The copies with row-level security: same data, same indexes, policies keyed by per-transaction settings.
CREATE TABLE persons_rls (LIKE persons INCLUDING ALL); INSERT INTO persons_rls SELECT * FROM persons;
CREATE TABLE visits_rls (LIKE visits INCLUDING ALL);
ANALYZE;
CREATE ROLE shegong_app LOGIN;
GRANT SELECT, INSERT ON persons, visits, persons_rls, visits_rls TO shegong_app;
ALTER TABLE persons_rls ENABLE ROW LEVEL SECURITY; ALTER TABLE persons_rls FORCE ROW LEVEL SECURITY;
ALTER TABLE visits_rls ENABLE ROW LEVEL SECURITY; ALTER TABLE visits_rls FORCE ROW LEVEL SECURITY;
CREATE POLICY scope ON persons_rls USING (
     current_setting('shegong.scope', true) = 'all'
  OR (current_setting('shegong.scope', true) = 'station' AND station_id = nullif(current_setting('shegong.station', true), '')::uuid)
  OR (current_setting('shegong.scope', true) = 'region' AND starts_with(region_prefix, current_setting('shegong.prefix', true))));
-- A second copy whose policy is a single equality (stations only: no OR of scope kinds), to see what the OR costs.
CREATE TABLE persons_rls1 (LIKE persons INCLUDING ALL); INSERT INTO persons_rls1 SELECT * FROM persons; ANALYZE persons_rls1;
GRANT SELECT ON persons_rls1 TO shegong_app;
ALTER TABLE persons_rls1 ENABLE ROW LEVEL SECURITY; ALTER TABLE persons_rls1 FORCE ROW LEVEL SECURITY;
CREATE POLICY station ON persons_rls1 USING (station_id = nullif(current_setting('shegong.station', true), '')::uuid);
CREATE POLICY scope ON visits_rls USING (
     current_setting('shegong.scope', true) = 'all'
  OR (current_setting('shegong.scope', true) = 'station' AND station_id = nullif(current_setting('shegong.station', true), '')::uuid)
  OR (current_setting('shegong.scope', true) = 'region' AND starts_with(region_prefix, current_setting('shegong.prefix', true))));
SQL

w=$(mktemp -d); chmod 755 "$w"
# A station's list page (first page by name) and a visit saved in its own transaction, as the host sends them.
cat > "$w/list-plain.sql" <<'SQL'
\set s random(0, 199)
SELECT id, name, tier FROM persons WHERE station_id = md5(:s::text)::uuid AND status = 0 ORDER BY name, id LIMIT 20;
SQL
cat > "$w/list-rls.sql" <<'SQL'
\set s random(0, 199)
\startpipeline
SELECT set_config('shegong.scope', 'station', true), set_config('shegong.station', md5(:s::text)::uuid::text, true);
SELECT id, name, tier FROM persons_rls WHERE station_id = md5(:s::text)::uuid AND status = 0 ORDER BY name, id LIMIT 20;
\endpipeline
SQL
cat > "$w/list-rls1.sql" <<'SQL'
\set s random(0, 199)
\startpipeline
SELECT set_config('shegong.station', md5(:s::text)::uuid::text, true);
SELECT id, name, tier FROM persons_rls1 WHERE station_id = md5(:s::text)::uuid AND status = 0 ORDER BY name, id LIMIT 20;
\endpipeline
SQL
cat > "$w/list-rls-rt.sql" <<'SQL'
\set s random(0, 199)
SELECT set_config('shegong.scope', 'station', false), set_config('shegong.station', md5(:s::text)::uuid::text, false);
SELECT id, name, tier FROM persons_rls WHERE station_id = md5(:s::text)::uuid AND status = 0 ORDER BY name, id LIMIT 20;
SQL
cat > "$w/save-plain.sql" <<'SQL'
\set s random(0, 199)
\startpipeline
BEGIN;
INSERT INTO visits VALUES (gen_random_uuid(), md5('p' || :s)::uuid, md5(:s::text)::uuid, '4401' || lpad(:s::text, 5, '0') || '001', current_date, 1, '电话随访，情况稳定');
COMMIT;
\endpipeline
SQL
cat > "$w/save-rls.sql" <<'SQL'
\set s random(0, 199)
\startpipeline
BEGIN;
SELECT set_config('shegong.scope', 'station', true), set_config('shegong.station', md5(:s::text)::uuid::text, true);
INSERT INTO visits_rls VALUES (gen_random_uuid(), md5('p' || :s)::uuid, md5(:s::text)::uuid, '4401' || lpad(:s::text, 5, '0') || '001', current_date, 1, '电话随访，情况稳定');
COMMIT;
\endpipeline
SQL
cat > "$w/save-rls-rt.sql" <<'SQL'
\set s random(0, 199)
BEGIN;
SELECT set_config('shegong.scope', 'station', true), set_config('shegong.station', md5(:s::text)::uuid::text, true);
\startpipeline
INSERT INTO visits_rls VALUES (gen_random_uuid(), md5('p' || :s)::uuid, md5(:s::text)::uuid, '4401' || lpad(:s::text, 5, '0') || '001', current_date, 1, '电话随访，情况稳定');
COMMIT;
\endpipeline
SQL
chmod 644 "$w"/*.sql

# The policy really filters: a station sees its own rows only, the non-owner sees nothing without a setting.
check=$(PGUSER=shegong_app psql -At -c "SELECT count(*) FROM persons_rls" -c "SELECT set_config('shegong.scope','station',false), set_config('shegong.station', md5('5')::uuid::text, false)" -c "SELECT count(*) = count(*) FILTER (WHERE station_id = md5('5')::uuid) FROM persons_rls" | tr '\n' ' ')
echo "policy check (rows without a setting | setting | all rows of the station): $check"

run() { # mode file user
  local out; out=$(as_pg "$bin/pgbench" -h 127.0.0.1 -p "$port" -U "$3" -n -M prepared -c "$clients" -j 1 -T "$secs" -f "$w/$2" postgres 2>&1)
  printf '%-14s %-10s tps %8s  latency avg %7s ms\n' "$2" "$1" "$(grep -oP 'tps = \K[0-9.]+' <<<"$out" | head -1)" "$(grep -oP 'latency average = \K[0-9.]+' <<<"$out")"
}
echo "plan of the station list under RLS:"
PGUSER=shegong_app psql -At -c "BEGIN" -c "SELECT set_config('shegong.scope','station',true), set_config('shegong.station', md5('5')::uuid::text, true)" \
  -c "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT id, name, tier FROM persons_rls WHERE station_id = md5('5')::uuid AND status = 0 ORDER BY name, id LIMIT 20" -c "COMMIT" | sed 's/^/    /'
echo "plan of the station list under a single-equality policy:"
PGUSER=shegong_app psql -At -c "BEGIN" -c "SELECT set_config('shegong.station', md5('5')::uuid::text, true)" \
  -c "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT id, name, tier FROM persons_rls1 WHERE station_id = md5('5')::uuid AND status = 0 ORDER BY name, id LIMIT 20" -c "COMMIT" | sed 's/^/    /'
[ -n "${RLS_EXPLAIN_ONLY:-}" ] && exit 0
echo "pgbench: $clients clients, $secs s per run, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for round in 1 2; do
  run plain list-plain.sql shegong_app; run rls list-rls.sql shegong_app; run rls+rt list-rls-rt.sql shegong_app; run rls-1 list-rls1.sql shegong_app
  run plain save-plain.sql shegong_app; run rls save-rls.sql shegong_app; run rls+rt save-rls-rt.sql shegong_app
done
rm -rf "$w"
