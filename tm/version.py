"""tm's version, at the bottom of the layers so that writers can name the tool that wrote a file."""

__version__ = "0.1.0"
