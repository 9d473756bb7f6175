-- The registry figures of a region for a month computed from the raw records (the baseline the aggregates are
-- measured against): people on file at the end of the month by tier, and distinct people visited in it by tier.
-- psql -v prefix=44 -v start=2026-11-01 -v end=2026-11-30 -f bench/scripts/raw-stats.sql
\timing on
SELECT tier, count(*) FROM persons
 WHERE region_prefix LIKE :'prefix' || '%' AND registered_on <= :'end'::date AND (status = 0 OR status_changed_on > :'end'::date)
 GROUP BY tier;
SELECT tier, count(*) FROM (SELECT DISTINCT person_id, tier FROM visits
  WHERE region_prefix LIKE :'prefix' || '%' AND visited_on BETWEEN :'start'::date AND :'end'::date) v GROUP BY tier;
