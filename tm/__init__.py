"""tm: a translation-memory tool for professional translators.

The library is usable without the CLI: ``import tm`` pulls in neither click nor sacrebleu.
"""

__version__ = "0.1.0"
