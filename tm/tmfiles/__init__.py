"""TM files in and out of a store: import (with the read-ahead process for large files), export, and
``--tm`` files read into a temporary store. Above the store and the formats, below the services."""

from tm.tmfiles.exporter import export
from tm.tmfiles.importer import import_files, import_units
from tm.tmfiles.open import open_tm, tm_files

__all__ = ["export", "import_files", "import_units", "open_tm", "tm_files"]
