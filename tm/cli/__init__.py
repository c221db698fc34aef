"""The ``tm`` command line: thin click adapters over the library (no SQL, XML or scoring here)."""
