"""Where a TM lives, as ``--db`` or ``TM_DB`` gives it: a file path (SQLite) or a database URL
(``postgresql://user@host/dbname``; any other scheme is an error), and the URL as it may be shown
(without a password)."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from tm.errors import UsageError

POSTGRES_SCHEMES = ("postgresql", "postgres")
_URL = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
_SECRET_PARAMS = {"password", "passfile", "sslpassword", "sslkey"}


def scheme(db: str) -> str | None:
    """The URL scheme of ``db`` in lower case (None for a file path)."""
    m = _URL.match(db)
    return m.group(1).lower() if m else None


def is_postgres(db: str) -> bool:
    """Whether ``db`` names a PostgreSQL database; UsageError for a URL of any other scheme."""
    found = scheme(db)
    if found is None:
        return False
    if found in POSTGRES_SCHEMES:
        return True
    raise UsageError(
        f"{redact(db)}: tm cannot open a {found}:// database",
        hint="give an SQLite file path or a postgresql://user@host/dbname URL",
    )


def redact(db: str) -> str:
    """``db`` with any password (in the user part or as a parameter) left out: what messages show."""
    if scheme(db) is None:
        return db
    try:
        parts = urlsplit(db)
        netloc = parts.netloc
        if "@" in netloc:
            user, host = netloc.rsplit("@", 1)
            netloc = f"{user.split(':', 1)[0]}@{host}"
        params = parse_qsl(parts.query)
        query = parts.query
        if any(k.lower() in _SECRET_PARAMS for k, _ in params):
            query = urlencode([(k, v) for k, v in params if k.lower() not in _SECRET_PARAMS])
        return urlunsplit((parts.scheme, netloc, parts.path, query, ""))
    except ValueError:
        return f"{scheme(db)}://..."


def secrets(db: str) -> list[str]:
    """The passwords ``db`` holds (in the user part, or as parameters), as written and decoded."""
    if scheme(db) is None:
        return []
    try:
        parts = urlsplit(db)
        found = [parts.password] if parts.password else []
        found += [v for k, v in parse_qsl(parts.query) if k.lower() in _SECRET_PARAMS and v]
        raw = parts.netloc.rsplit("@", 1)[0].split(":", 1)
        if len(raw) == 2 and "@" in parts.netloc:
            found.append(raw[1])
    except ValueError:
        return []
    return [s for s in dict.fromkeys(found) if s]
