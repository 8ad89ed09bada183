#!/usr/bin/env python3
"""The national analytics benchmark's peers: the same queries on the same data in DuckDB and
in PostgreSQL, against Chiso's figures.

    cargo run --release -- bench national --write /tmp/national      # Chiso, and the data
    pip install duckdb 'psycopg[binary]'
    python3 bench/peers/run.py /tmp/national [--postgres URL] [--runs N] [--skip-postgres]

`chiso bench national --write DIR` writes the generated country (units.csv, indicators.csv,
targets.csv, values.csv) and queries.json: every query instance it timed, with the answer it
gave and its p50/p99. This script loads the files into DuckDB (in memory) and into
PostgreSQL (a throwaway cluster from the local initdb, unless --postgres is given), runs the
same instances — the first N of each query — checks each answer against Chiso's, and prints
p50/p99 per system and the ratios (peer time / Chiso time).

The SQL is what a warehouse on these tables would run: values joined to units for the
province, with an index on (indicator, period_start, unit) in PostgreSQL (DuckDB uses its
own zone maps). Times are wall-clock per query from this process, the client included.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

QUERIES = ["province_year", "ranking", "dashboard", "ratio_by_province"]

SQL = {
    # One indicator for a province's subtree over a year.
    "province_year": """
        SELECT coalesce(sum(v.value), 0) FROM vals v JOIN units u ON u.id = v.unit
        WHERE v.indicator = {indicator} AND u.province = {province}
          AND v.period_type = '{period_type}'
          AND v.period_start BETWEEN DATE '{from}' AND DATE '{to}'""",
    # Every commune of a province for one indicator and month, ranked.
    "ranking": """
        SELECT v.unit, v.value FROM vals v JOIN units u ON u.id = v.unit
        WHERE v.indicator = {indicator} AND u.province = {province}
          AND v.period_type = '{period_type}' AND v.period_start = DATE '{from}'
        ORDER BY v.value DESC, v.unit""",
    # A province's dashboard indicators at their latest year against the targets.
    "dashboard": """
        WITH latest AS (
            SELECT indicator, max(period_start) AS last FROM vals
            WHERE indicator IN ({dashboard}) GROUP BY indicator),
        totals AS (
            SELECT v.indicator, sum(v.value) AS total FROM vals v
            JOIN units u ON u.id = v.unit JOIN latest l ON l.indicator = v.indicator
            WHERE u.province = {province}
              AND v.period_start >= make_date(CAST(extract(year FROM l.last) AS INTEGER), 1, 1)
              AND v.period_start <= l.last
            GROUP BY v.indicator)
        SELECT count(*) FROM totals t JOIN targets g
          ON g.indicator = t.indicator AND g.province = {province}
        WHERE t.total >= 0.95 * g.value""",
    # A ratio (sum over sum) for every province in one month.
    "ratio_by_province": """
        SELECT u.province,
               sum(CASE WHEN v.indicator = {indicator} THEN v.value END)
             / nullif(sum(CASE WHEN v.indicator = {indicator_b} THEN v.value END), 0)
        FROM vals v JOIN units u ON u.id = v.unit
        WHERE v.indicator IN ({indicator}, {indicator_b})
          AND v.period_type = '{period_type}' AND v.period_start = DATE '{from}'
        GROUP BY u.province""",
}

SCHEMA = [
    "CREATE TABLE units (id BIGINT, parent BIGINT, province BIGINT, kind TEXT)",
    "CREATE TABLE indicators (id BIGINT, period_type TEXT, reporters TEXT)",
    "CREATE TABLE targets (indicator BIGINT, province BIGINT, value DOUBLE PRECISION)",
    "CREATE TABLE vals (indicator BIGINT, unit BIGINT, period_type TEXT, period_start DATE, value DOUBLE PRECISION)",
]


def answer_of(query, rows):
    """The checksum Chiso printed for the same instance."""
    if query == "province_year":
        return float(rows[0][0] or 0)
    if query == "ranking":
        return float(rows[0][1]) if rows else 0.0
    if query == "dashboard":
        return float(rows[0][0])
    return float(sum(r[1] for r in rows if r[1] is not None))


def close(a, b):
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def percentiles(xs):
    xs = sorted(xs)
    at = lambda q: xs[round((len(xs) - 1) * q)]
    return at(0.5), at(0.99)


def run_all(name, execute, instances, dashboard, runs):
    """Times every instance (first `runs` of each query); returns {query: (p50, p99)}."""
    out = {}
    for q in QUERIES:
        picked = [i for i in instances if i["query"] == q][:runs]
        times, wrong = [], 0
        for inst in picked:
            sql = SQL[q].format(dashboard=dashboard, **inst)
            t = time.perf_counter()
            rows = execute(sql)
            times.append(time.perf_counter() - t)
            if not close(answer_of(q, rows), inst["answer"]):
                wrong += 1
        out[q] = percentiles(times)
        note = f"  ({wrong} answers differ from Chiso's)" if wrong else ""
        print(f"  {name:<10} {q:<18} p50 {out[q][0]*1e3:9.2f} ms  p99 {out[q][1]*1e3:9.2f} ms{note}", flush=True)
    return out


def duckdb_peer(data, instances, dashboard, runs):
    import duckdb

    con = duckdb.connect()
    t = time.perf_counter()
    for stmt in SCHEMA:
        con.execute(stmt.replace("DOUBLE PRECISION", "DOUBLE"))
    for table in ["units", "indicators", "targets", "vals"]:
        path = os.path.join(data, ("values" if table == "vals" else table) + ".csv")
        con.execute(f"COPY {table} FROM '{path}' (HEADER)")
    n = con.execute("SELECT count(*) FROM vals").fetchone()[0]
    print(f"  duckdb     loaded {n} values in {time.perf_counter() - t:.1f} s", flush=True)
    return run_all("duckdb", lambda sql: con.execute(sql).fetchall(), instances, dashboard, runs)


def start_postgres():
    """A throwaway cluster from the local initdb (as the postgres user under root)."""
    bins = sorted(d for d in os.listdir("/usr/lib/postgresql") if d[0].isdigit())
    if not bins:
        sys.exit("PostgreSQL not found (apt-get install postgresql), or pass --postgres URL")
    bindir = f"/usr/lib/postgresql/{bins[-1]}/bin"
    root = os.geteuid() == 0
    as_pg = ["runuser", "-u", "postgres", "--"] if root else []
    d = tempfile.mkdtemp(prefix="chiso-peers-")
    if root:
        shutil.chown(d, "postgres", "postgres")
    data = os.path.join(d, "data")
    subprocess.run(as_pg + [f"{bindir}/initdb", "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync", "-D", data], check=True, stdout=subprocess.DEVNULL)
    port = 25432
    opts = f"-k {d} -p {port} -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c shared_buffers=2GB -c work_mem=256MB -c max_parallel_workers_per_gather=2"
    subprocess.run(as_pg + [f"{bindir}/pg_ctl", "-w", "-s", "-D", data, "-o", opts, "-l", os.path.join(d, "log"), "start"], check=True)
    stop = lambda: (subprocess.run(as_pg + [f"{bindir}/pg_ctl", "-D", data, "-m", "immediate", "-s", "stop"]), shutil.rmtree(d, ignore_errors=True))
    return f"host={d} port={port} user=postgres dbname=postgres", stop


def postgres_peer(data, instances, dashboard, runs, url):
    import psycopg

    stop = None
    if url is None:
        url, stop = start_postgres()
    try:
        con = psycopg.connect(url, autocommit=True)
        t = time.perf_counter()
        for table in ["vals", "targets", "indicators", "units"]:
            con.execute(f"DROP TABLE IF EXISTS {table}")
        for stmt in SCHEMA:
            con.execute(stmt)
        for table in ["units", "indicators", "targets", "vals"]:
            path = os.path.join(data, ("values" if table == "vals" else table) + ".csv")
            with con.cursor() as cur, open(path, "rb") as f:
                with cur.copy(f"COPY {table} FROM STDIN (FORMAT csv, HEADER true)") as copy:
                    while chunk := f.read(1 << 20):
                        copy.write(chunk)
        con.execute("CREATE INDEX ON vals (indicator, period_start, unit)")
        con.execute("CREATE INDEX ON units (id)")
        con.execute("ANALYZE")
        n = con.execute("SELECT count(*) FROM vals").fetchone()[0]
        print(f"  postgres   loaded and indexed {n} values in {time.perf_counter() - t:.1f} s", flush=True)
        return run_all("postgres", lambda sql: con.execute(sql).fetchall(), instances, dashboard, runs)
    finally:
        if stop:
            stop()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", help="the directory chiso bench national --write filled")
    ap.add_argument("--runs", type=int, default=50, help="instances of each query (default 50)")
    ap.add_argument("--postgres", help="a PostgreSQL URL (default: a throwaway local cluster)")
    ap.add_argument("--skip-postgres", action="store_true")
    a = ap.parse_args()
    doc = json.load(open(os.path.join(a.data, "queries.json")))
    dashboard = ",".join(str(i) for i in doc["dashboard_indicators"])
    chiso = {q: (doc["chiso"][q]["p50_s"], doc["chiso"][q]["p99_s"]) for q in QUERIES}
    print("chiso (from queries.json):")
    for q in QUERIES:
        print(f"  {'chiso':<10} {q:<18} p50 {chiso[q][0]*1e3:9.3f} ms  p99 {chiso[q][1]*1e3:9.3f} ms")
    results = {"duckdb": duckdb_peer(a.data, doc["instances"], dashboard, a.runs)}
    if not a.skip_postgres:
        results["postgres"] = postgres_peer(a.data, doc["instances"], dashboard, a.runs, a.postgres)
    print("\n| query | Chiso p50 | " + " | ".join(f"{p} p50 | {p} / Chiso" for p in results) + " |")
    print("|---|---|" + "---|---|" * len(results))
    for q in QUERIES:
        cells = [f"{chiso[q][0]*1e3:.3f} ms"]
        for p, r in results.items():
            cells += [f"{r[q][0]*1e3:.2f} ms", f"{r[q][0] / chiso[q][0]:.0f}×"]
        print(f"| {q} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
