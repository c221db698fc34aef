"""tm: a translation-memory tool for professional translators.

The library is usable without the CLI: ``import tm`` pulls in neither click nor sacrebleu.
"""

from tm.version import __version__

__all__ = ["__version__"]
