"""The PostgreSQL backend: a TM a team shares in one database (``postgresql://user@host/dbname``), its
schema and migrations (:mod:`.schema`), imports through ``COPY`` merged under a writer lock
(:mod:`.writer`), and its match index (:mod:`.index`). The only place psycopg is imported."""

from tm.store.postgres.store import PgStore

__all__ = ["PgStore"]
