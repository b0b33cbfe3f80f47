"""reader: a terminal reader for annotated interviews (the reader/1 format)."""

__version__ = "0.1.0"

__all__ = ["__version__"]
