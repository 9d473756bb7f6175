-- Pinyin order at scale (issue 12 item 5): 1,000,000 persons in 500 stations of 2,000, the list's name-order indexes,
-- and the plans of the list's first page for a station and for an area. Run on a throwaway cluster: psql -f bench/scripts/name-order.sql
\timing off
DROP TABLE IF EXISTS persons; CREATE TABLE persons (id uuid PRIMARY KEY, station_id uuid NOT NULL, status int NOT NULL, region_prefix varchar(12) NOT NULL,
  name varchar(30) COLLATE "zh-x-icu" NOT NULL, tier int NOT NULL, next_visit_due date);
-- 1,000,000 people: 500 stations of 2,000, names of 2-3 random common surname + given characters
INSERT INTO persons
SELECT gen_random_uuid(), ('00000000-0000-0000-0000-' || lpad(to_hex(g / 2000), 12, '0'))::uuid, CASE WHEN g % 20 = 0 THEN 1 ELSE 0 END,
  '4401' || lpad(((g / 2000) % 99)::text, 2, '0') || lpad(((g / 2000))::text, 3, '0') || lpad((g % 7)::text, 3, '0'),
  substr('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤', (1 + (g * 7919) % 100)::int, 1)
  || chr((19968 + (g * 104729) % 20000)::int) || CASE WHEN g % 3 = 0 THEN chr((19968 + (g * 1299709) % 20000)::int) ELSE '' END,
  (1 + g % 3)::int, DATE '2026-12-01' + (g % 120 - 30)::int
FROM generate_series(0::bigint, 999999::bigint) g;
CREATE INDEX ix_persons_station_status_name ON persons (station_id, status, name, id);
CREATE INDEX ix_persons_status_name ON persons (status, name, id);
CREATE INDEX ix_persons_region_prefix_status ON persons (region_prefix, status);
CREATE INDEX ix_persons_station_status_due ON persons (station_id, status, next_visit_due);
ANALYZE persons;
\echo '== a station of 2,000: first page by name'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT id, name FROM persons WHERE station_id = '00000000-0000-0000-0000-00000000007b' AND status = 0 ORDER BY name, id LIMIT 20;
\echo '== a station of 2,000: page 50 of 20 (offset 980)'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT id, name FROM persons WHERE station_id = '00000000-0000-0000-0000-00000000007b' AND status = 0 ORDER BY name, id LIMIT 20 OFFSET 980;
\echo '== an area of 1,000,000 (all active): first page by name'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT id, name FROM persons WHERE status = 0 AND region_prefix LIKE '4401%' ORDER BY name, id LIMIT 20;
\echo '== an area, descending'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT id, name FROM persons WHERE status = 0 AND region_prefix LIKE '4401%' ORDER BY name DESC, id DESC LIMIT 20;
\echo '== a station: by tier then name (sorted in the database, 2,000 rows)'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT id, name FROM persons WHERE station_id = '00000000-0000-0000-0000-00000000007b' AND status = 0 ORDER BY tier DESC, name, id LIMIT 20;
