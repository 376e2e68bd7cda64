-- Run once by the postgres image's entrypoint (docker-entrypoint-initdb.d), on the first start
-- with an empty data volume, with psql as the superuser in database postgres. It makes what
-- metasync's default settings read, so that `docker compose up` syncs without any setting:
--   public.ticker_metadata (postgres.tables' default), keyed by symbol (metadata:ticker:{symbol}),
--   filled with the 12,140 sample rows of `./dev demo` and the tests (SampleTickers), 51 of
--   them with the awkward values that broke the old copy job;
--   the user metasync logs in as: not a superuser, REPLICATION, SELECT on the table, and the
--   publication capture uses, made here by the table's owner (README, Production).
-- ComposeInitScriptIT runs this file with psql against a real PostgreSQL and checks the rows
-- equal SampleTickers' and that `metasync doctor` passes the table as metasync's user.
\set ON_ERROR_STOP on

-- The same DDL as SampleTickers.createTableSql.
CREATE TABLE public.ticker_metadata (
    symbol text PRIMARY KEY,
    name text,
    price numeric(20,2),
    ratio numeric,
    change_pct numeric(8,4),
    volume bigint,
    exchange text,
    listed_at timestamptz,
    active boolean
);

-- Every 238th of the first 51 * 238 rows takes the next of these 17 rows of awkward values, as
-- text in the column's input syntax (exact decimals beyond a double, trailing zeros, NaN and the
-- infinities, NULLs, 64-bit extremes, quotes, emoji, a backslash and a tab).
INSERT INTO public.ticker_metadata (symbol, name, price, ratio, change_pct, volume, exchange, listed_at, active)
SELECT 'T' || lpad(i::text, 5, '0'),
       CASE WHEN a.n IS NULL THEN 'Company ' || i ELSE a.name END,
       (CASE WHEN a.n IS NULL THEN (i % 5000) || '.' || lpad(((i * 37) % 100)::text, 2, '0') ELSE a.price END)::numeric(20,2),
       (CASE WHEN a.n IS NULL THEN (i % 97) || '.' || repeat('0', i % 4) || (i % 10) ELSE a.ratio END)::numeric,
       (CASE WHEN a.n IS NULL THEN ((i % 200) - 100) || '.' || lpad(((i * 13) % 10000)::text, 4, '0') ELSE a.change_pct END)::numeric(8,4),
       (CASE WHEN a.n IS NULL THEN (1000 * i::bigint + 17)::text ELSE a.volume END)::bigint,
       (ARRAY['NASDAQ', 'NYSE', 'AMEX'])[i % 3 + 1],
       CASE WHEN a.blank THEN NULL ELSE
           format('20%s-%s-%s %s:%s:%s.%s+00', lpad((i % 25)::text, 2, '0'), lpad((1 + i % 12)::text, 2, '0'),
                  lpad((1 + i % 28)::text, 2, '0'), lpad((i % 24)::text, 2, '0'), lpad((i % 60)::text, 2, '0'),
                  lpad(((i * 7) % 60)::text, 2, '0'), lpad(((i * 7919) % 1000000)::text, 6, '0'))::timestamptz END,
       CASE WHEN a.blank THEN NULL ELSE i % 7 <> 0 END
FROM generate_series(0, 12139) AS i
LEFT JOIN (VALUES
    (0,  '123456789012345678.90', '1.5',                                     '0.0000',     '1',                    'Big Price Corp',     false),
    (1,  '1.00',                  '0.000000000123',                          '0.0001',     '2',                    'Tiny Ratio Inc',     false),
    (2,  '2.50',                  '1e30',                                    '-0.0001',    '3',                    'Huge Ratio Ltd',     false),
    (3,  '-1.10',                 '-123.4500',                               '12.3400',    '4',                    'Trailing Zeros SA',  false),
    (4,  '0',                     '0',                                       '0',          '0',                    'Zero Holdings',      false),
    (5,  '-0.00',                 '-0.00',                                   '-0.0000',    '5',                    'Negative Zero plc',  false),
    (6,  '3.00',                  'NaN',                                     '1.0000',     '6',                    'Not A Number AG',    false),
    (7,  '4.00',                  'Infinity',                                '2.0000',     '7',                    'Infinite Growth Co', false),
    (8,  '5.00',                  '-Infinity',                               '3.0000',     '8',                    'Bottomless Ltd',     false),
    (9,  'NaN',                   '1',                                       '4.0000',     '9',                    'NaN Price Corp',     false),
    (10, NULL,                    NULL,                                      NULL,         NULL,                   NULL,                 true),
    (11, '999999999999999999.99', '9999999999999999999999999999.99999999',   '9999.9999',  '10',                   'Max Values Inc',     false),
    (12, '0.01',                  '0.10',                                    '-9999.9999', '11',                   'Min Change Corp',    false),
    (13, '6.00',                  '2',                                       '5.0000',     '9223372036854775807',  'Long Max Corp',      false),
    (14, '7.00',                  '3',                                       '6.0000',     '-9223372036854775808', 'Long Min Corp',      false),
    (15, '8.00',                  '4',                                       '7.0000',     '12',                   E'Café "Ünïcode" 🚀 \\ back\\slash\ttab', false),
    (16, '9.00',                  '3.14159265358979323846264338327950288',   '8.0000',     '13',                   'Pi Beyond Double',   false)
) AS a (n, price, ratio, change_pct, volume, name, blank)
    ON i % 238 = 0 AND i / 238 < 51 AND a.n = (i / 238) % 17;

-- Every update carries every column, so a rebuild from the compacted topic never lacks a value
-- PostgreSQL left out of an update (doctor: REPLICA IDENTITY).
ALTER TABLE public.ticker_metadata REPLICA IDENTITY FULL;

-- metasync's user, with the password of the Docker secret metasync_postgres_password
-- (secrets/metasync-postgres-password), the file that METASYNC_POSTGRES_PASSWORD_FILE names in
-- this container as in metasync's. psql reads it with cat, so it is on no command line.
\set metasync_password `cat "${METASYNC_POSTGRES_PASSWORD_FILE:-/run/secrets/metasync_postgres_password}"`
SELECT length(:'metasync_password') >= 16 AS metasync_password_ok \gset
\if :metasync_password_ok
\else
DO $$ BEGIN RAISE EXCEPTION 'the password of user metasync is missing or shorter than 16 characters. Fix: run ./dev compose-secrets, then docker compose down -v and up again'; END $$;
\endif
CREATE ROLE metasync LOGIN REPLICATION PASSWORD :'metasync_password';
\unset metasync_password
GRANT SELECT ON public.ticker_metadata TO metasync;

-- Capture's publication (postgres.publication's default), for exactly postgres.tables. PostgreSQL
-- 15 lets only a table's owner publish it, and metasync's user owns nothing.
CREATE PUBLICATION metasync FOR TABLE public.ticker_metadata;
