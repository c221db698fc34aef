"""How ``tm serve`` runs: address, threads, token, limits. Defaults are the safe ones."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

MIB = 1024 * 1024

# Limits on what a request may ask for (a longer query is refused with 400 and a JSON error).
MAX_TEXT = 1000  # characters of a lookup text (Weblate sends at most 500), and of each neighbour
MAX_TERM = 200  # characters of a concordance term
MAX_BATCH = 500  # segments in one batch lookup
MAX_JSON = 2 * MIB  # bytes of a JSON request body
MAX_CANDIDATES = 50  # matches per query
MAX_RULES = 20  # penalty rules, origin globs or statuses in a JSON lookup (a query string has 50 parameters)
MIN_SIMILARITY = 30  # the lowest minimum score a client may ask for (amaGama's floor too)
DEFAULT_MIN_SCORE = 70  # amaGama's and tm lookup's default
DEFAULT_CANDIDATES = 5


@dataclass(frozen=True)
class ServeConfig:
    """The server's settings (``tm serve`` options)."""

    host: str = "127.0.0.1"
    port: int = 8080
    threads: int = 4
    token: str | None = None  # writes need it always, reads when token_required
    token_required: bool = False  # forced on when the server listens off loopback
    allow_import: bool = False
    cors: tuple[str, ...] = ()  # origins allowed to read answers in a browser; none by default
    timeout: int = 30  # seconds a connection may stay silent (a slow client) before it is closed
    max_body: int = 32 * MIB  # bytes of a request body (a posted TMX, PO, XLIFF or document)
    connection_limit: int = 100  # open connections at once; more wait in the listen backlog
    termbase: str | None = None  # a TBX or CSV/TSV file whose terms lookups show (default: the TM's own)

    @property
    def loopback(self) -> bool:
        return is_loopback(self.host)

    @property
    def reads_need_token(self) -> bool:
        return self.token_required or not self.loopback


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address or name to listen on or to reach) is this machine only."""
    name = host.strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False
