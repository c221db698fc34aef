"""An import's index built as it writes units, on either backend: the writers of a transaction made with
``index=True`` feed :meth:`Following.follow` the variants they have just written; each language's build
(:class:`tm.store.build.LanguageBuild`) takes them in unit order, in a worker process once the language
has :data:`tm.store.workers.MIN_ROWS` of them (:mod:`tm.store.workers`), and the index's catch-up at the
end of the transaction finishes them (:meth:`Following.finish_followed`), so that the index is built while
the units are parsed and written rather than after them.

A build sees every variant of its language above its watermark, in unit order: what the writers fed it,
and what they wrote without feeding it (units merged set-wise from a staging table, a reviewed unit filed
under a new id), which is read back from the TM before the next variants fed and up to the highest unit
at the end. A backend starts a build only where it may write the index (PostgreSQL: under the writer lock,
which it then holds until the commit), so that the language's state it reads, and its workers' view of
the TM before the import, are what the import commits on top of.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from tm.store import workers
from tm.store.build import LangState, LanguageBuild

Build = LanguageBuild | workers.Waiting | workers.WorkerBuild


class Following:
    """The builds of the import a match index follows; a mixin of the backends' indexes, which supply
    :meth:`open_state`, :meth:`build_rows`, :meth:`opener` and ``variants`` (:class:`IndexBase`'s)."""

    following = False  # writers of the transaction feed follow()
    _builds: dict[str, Build]  # the languages an import is indexing (the backend's __init__ sets {} ...)
    _fed: dict[str, int]  # ... and the last unit id each was given
    _lang_ids: dict[str, int]  # IndexBase's

    # -- what the backend supplies -----------------------------------------------------------------------
    def open_state(self, code: str) -> LangState:
        """The language's row of ``match_langs`` (made when it has none), in the import's transaction."""
        raise NotImplementedError

    def build_rows(self):
        """The :class:`tm.store.build.Source` and ``Sink`` of builds in this process (the store's
        connection, in the import's transaction)."""
        raise NotImplementedError

    def opener(self) -> workers.Opener | None:
        """How a worker opens its view of the TM before the import; None: no workers here."""
        raise NotImplementedError

    variants: Callable[[str, int, int], Iterator[list[tuple[int, int, str]]]]  # IndexBase's

    # -- following an import -------------------------------------------------------------------------------
    def follow(self, rows: Sequence[tuple[int, int, str, str]]) -> None:
        """Index ``(unit id, ordinal, language, content)`` rows an import has just written (unit ids
        ascending, above every watermark), inside its transaction; :meth:`finish_followed` finishes them."""
        builds = self._builds
        by_lang: dict[str, list[tuple[int, int, str]]] = {}
        for uid, ord_, lang, content in rows:
            by_lang.setdefault(lang, []).append((uid, ord_, content))
        for lang, part in by_lang.items():
            if lang not in builds:
                state = self.open_state(lang)
                self._fed[lang] = state.watermark
                # a language's variants wait until they are many, then go to a worker process (one per
                # language: this process has the units to write and the workers' rows besides); a small
                # import builds them here at its end
                if self.opener() is not None:
                    builds[lang] = workers.Waiting(state)
                else:
                    rows_ = self.build_rows()
                    builds[lang] = LanguageBuild(state, rows_, rows_)
            self._read_back(lang, part[0][0] - 1)
            self._add(lang, part)

    def _read_back(self, lang: str, hi: int) -> None:
        """Feed the language's build the variants written up to unit ``hi`` that it was not fed (written
        before indexing started, or by a writer that does not feed)."""
        if hi > self._fed[lang]:
            for batch in self.variants(lang, self._fed[lang], hi):
                self._add(lang, batch)

    def _add(self, lang: str, rows: Sequence[tuple[int, int, str]]) -> None:
        """Feed the language's build (a :class:`tm.store.workers.Waiting` one goes to a worker once it holds
        enough)."""
        self._builds[lang].add(rows)
        self._fed[lang] = rows[-1][0]
        build, opener = self._builds[lang], self.opener()
        if isinstance(build, workers.Waiting) and build.count >= workers.MIN_ROWS and opener is not None:
            worker = self._builds[lang] = workers.WorkerBuild(opener, build.state, self.build_rows())
            build.into(worker)

    def finish_followed(self, top: int) -> list[str]:
        """Inside the import's transaction, with ``top`` its highest unit id: finish the languages' builds
        (every worker at once); returns their codes."""
        followed = self._builds
        try:
            for lang in followed:
                self._read_back(lang, top)
            for build in followed.values():
                if isinstance(build, workers.WorkerBuild):
                    build.ask_finish(top)  # every worker finishes at once
            for build in followed.values():
                if isinstance(build, workers.Waiting):  # few: built here after all
                    waiting, rows_ = build, self.build_rows()
                    build = LanguageBuild(waiting.state, rows_, rows_)
                    waiting.into(build)
                build.finish(top)
        except BaseException:
            workers.stop(followed.values())
            raise
        finally:
            self._builds, self._fed = {}, {}
        return list(followed)

    def finish_builds(self) -> None:
        """Finish what writers fed (:meth:`follow`), in the transaction about to commit."""
        self.following = False
        if self._builds:
            self.catch_up(list(self._builds))  # type: ignore[attr-defined]

    def drop_builds(self) -> None:
        """Forget the builds of a transaction that rolled back (ending their workers)."""
        self.following = False
        workers.stop(self._builds.values())
        self._builds, self._fed = {}, {}
        self._lang_ids.clear()
