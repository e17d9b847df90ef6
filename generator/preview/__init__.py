"""The author's preview: `serve` (HTTP, live reload, the error overlay) and `watch` (which files changed).
It knows nothing about building: it is handed a rebuild callable.

May import: the shared modules (problems). Nothing else in the package.
"""
