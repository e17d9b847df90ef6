"""Policy Atlas: a static site generator for comparing laws across jurisdictions."""

__version__ = "0.1.0"
