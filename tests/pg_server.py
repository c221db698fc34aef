"""A PostgreSQL server for the tests: the one ``TM_TEST_POSTGRES`` names (a URL of its maintenance
database, which .ci/run sets after starting a cluster), or a throwaway cluster started here in a temporary
directory on a local socket (as the ``postgres`` user when the tests run as root; initdb refuses root).

Each test gets a database of its own, copied from a migrated template (``CREATE DATABASE ... TEMPLATE``).
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

TEMPLATE = "tm_test_template"
USER = "tm"
_names = itertools.count(1)


def _bin(name: str) -> str | None:
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


class Server:
    """A running server: ``url(dbname)`` gives the URL of one of its databases."""

    def __init__(self, admin_url: str, stop: list[str] | None = None, base: Path | None = None) -> None:
        self.admin_url = admin_url
        self._stop = stop
        self._base = base

    def url(self, dbname: str) -> str:
        parts = urlsplit(self.admin_url)
        return urlunsplit((parts.scheme, parts.netloc, "/" + dbname, parts.query, ""))

    def execute(self, sql: str) -> None:
        import psycopg  # the tests' own connection to the server, for CREATE/DROP DATABASE

        with psycopg.connect(self.admin_url, autocommit=True) as con:
            con.execute(sql)

    def prepare_template(self) -> None:
        """A database holding an empty, migrated TM, which each test's database copies."""
        from tm.store import open_store

        self.execute(f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)")
        self.execute(f"CREATE DATABASE {TEMPLATE} ENCODING 'UTF8' LOCALE 'C' TEMPLATE template0")
        open_store(self.url(TEMPLATE)).close()

    def new_database(self) -> str:
        name = f"tm_test_{os.getpid()}_{next(_names)}"
        self.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
        return name

    def drop_database(self, name: str) -> None:
        self.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def stop(self) -> None:
        if self._stop:
            subprocess.run(self._stop, capture_output=True, check=False)
        if self._base:
            shutil.rmtree(self._base, ignore_errors=True)


def start() -> Server:
    """The server named by ``TM_TEST_POSTGRES``, or a new cluster; RuntimeError saying why not."""
    given = os.environ.get("TM_TEST_POSTGRES")
    if given:
        return Server(given)
    initdb, pg_ctl = _bin("initdb"), _bin("pg_ctl")
    if not (initdb and pg_ctl):
        raise RuntimeError("PostgreSQL's initdb and pg_ctl are not installed (apt-get install postgresql)")
    as_user: list[str] = []
    base = Path(tempfile.mkdtemp(prefix="tm-pg-"))
    if os.geteuid() == 0:
        try:
            import pwd

            entry = pwd.getpwnam("postgres")
        except KeyError:
            raise RuntimeError("running as root and there is no postgres user to run the server") from None
        os.chown(base, entry.pw_uid, entry.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    data, log = base / "data", base / "log"
    options = (
        f"-k {base} -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    )
    steps = [
        [*as_user, initdb, "-D", str(data), "-A", "trust", "-U", USER, "-E", "UTF8", "--locale=C"],
        [*as_user, pg_ctl, "-D", str(data), "-o", options, "-l", str(log), "-w", "start"],
    ]
    for step in steps:
        done = subprocess.run(step, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(
                f"{' '.join(step[: len(as_user) + 1])} failed: {(done.stderr or done.stdout).strip()[-300:]}"
            )
    stop = [*as_user, pg_ctl, "-D", str(data), "-m", "immediate", "stop"]
    return Server(f"postgresql://{USER}@/postgres?host={base}", stop, base)


def empty(url: str) -> None:
    """Delete every row of the TM in database ``url`` (its schema stays)."""
    import psycopg  # the tests' own connection, for emptying a TM between Hypothesis examples

    with psycopg.connect(url, autocommit=True) as con:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'tm_schema'"
            )
        ]
        con.execute("; ".join(f"DELETE FROM {t}" for t in tables))


def run_sql(url: str, sql: str) -> None:
    import psycopg  # the tests' own connection, to set up what tm must refuse

    with psycopg.connect(url, autocommit=True) as con:
        con.execute(sql)


def vocabulary(url: str) -> dict[tuple[str, str], int]:
    """(language, token) -> document frequency of a TM's match index."""
    import psycopg  # the tests' own connection, to compare two indexes

    with psycopg.connect(url, autocommit=True) as con:
        rows = con.execute(
            "SELECT l.lang, v.token, v.df FROM match_vocab v JOIN match_langs l ON l.id = v.lang_id"
        ).fetchall()
    return {(lang, token): df for lang, token, df in rows}
