"""Stage 6b: the full-text search index, built by Pagefind from the rendered HTML pages.

Pagefind has no incremental mode, so the index is rebuilt only when some indexed page changed;
otherwise the previous index files are kept like any unchanged page.
"""

from __future__ import annotations

import asyncio
from typing import Iterable

FOLDER = "pagefind/"


class SearchUnavailable(Exception):
    """Pagefind is not installed, or its indexer failed."""


def index(pages: Iterable[tuple[str, str]], language: str) -> list[tuple[str, bytes]]:
    """Return the search index files (path under pagefind/, bytes) for (url, html) pages, in order."""
    try:
        from pagefind.index import IndexConfig, PagefindIndex
    except ImportError as error:
        raise SearchUnavailable("the search index needs Pagefind: pip install 'pagefind[bin]'") from error

    async def run() -> list[tuple[str, bytes]]:
        config = IndexConfig(root_selector="main", force_language=language.split("-")[0], verbose=False)
        async with PagefindIndex(config=config) as search_index:
            for url, html in pages:  # one at a time, in a fixed order, so the index is deterministic
                await search_index.add_html_file(content=html, url=url)
            files = await search_index.get_files()
        return sorted((f["path"], f["content"]) for f in files)

    try:
        return asyncio.run(run())
    except SearchUnavailable:
        raise
    except Exception as error:  # the indexer runs as a separate binary; report, do not crash
        raise SearchUnavailable(f"Pagefind failed: {error}") from error
