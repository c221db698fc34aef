"""Running the app on waitress (docs/serve.md says why waitress).

waitress reads each request whole (headers and body) in its I/O thread before a worker thread sees it,
and writes answers out from there too: a slow or stalled client holds a connection, never a worker. A
connection silent for ``timeout`` seconds is closed; at most ``connection_limit`` are open at once.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
from collections.abc import Callable

from waitress.server import create_server

from tm.errors import TmError
from tm.serve.app import App
from tm.serve.config import MIB, ServeConfig
from tm.serve.tmapi import Tm

HEADER_LIMIT = 64 * 1024  # bytes of request line and headers (a 1,000-character query is ~9 KB escaped)


class Server:
    """The app on a listening socket: ``url`` is where it answers; :meth:`run` serves until stopped."""

    def __init__(self, config: ServeConfig, db: str, log: Callable[[str], None] | None = None) -> None:
        _quiet_waitress()
        self.tm = Tm(db, allow_import=config.allow_import, termbase=config.termbase)
        self.app = App(config, self.tm, log)
        try:
            self._server = create_server(
                self.app,
                host=config.host,
                port=config.port,
                threads=config.threads,
                channel_timeout=config.timeout,
                cleanup_interval=max(1, min(30, config.timeout // 2)),
                connection_limit=config.connection_limit,
                max_request_header_size=HEADER_LIMIT,
                # The app answers a body over max_body with a JSON 413; waitress refuses far larger ones
                # itself (plain text) before reading them.
                max_request_body_size=config.max_body + MIB,
                ident="tm",
                expose_tracebacks=False,
                clear_untrusted_proxy_headers=True,
            )
        except OSError as err:
            self.tm.close()
            raise TmError(
                f"cannot listen on {config.host}:{config.port}: {err.strerror or err}",
                hint="choose another --port (0: any free one)",
            ) from None
        host = self._server.effective_host
        self.url = f"http://{'[' + host + ']' if ':' in str(host) else host}:{self._server.effective_port}/"

    def run(self) -> None:
        """Serve until Ctrl-C or SIGTERM, then finish the requests under way and close the TM."""
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, _exit)
        try:
            self._server.run()  # returns after closing on SystemExit / KeyboardInterrupt
        finally:
            self.tm.close()

    def close(self) -> None:
        self._server.close()


def _exit(signum, frame) -> None:
    raise SystemExit(0)


def _quiet_waitress() -> None:
    """waitress' own messages (a deep task queue, a failed write) go to stderr; our log says the rest."""
    logger = logging.getLogger("waitress")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("waitress: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.WARNING)
        logger.propagate = False
