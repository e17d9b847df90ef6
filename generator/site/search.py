"""Stage 6b: the full-text search index, built by Pagefind from the rendered HTML pages.

The Pagefind command line indexes a folder natively; its Python API answers each added page
after a polling delay (about 0.1 s a page), far too slow for 10,000 pages. The pages to index are
hard-linked into a scratch folder (some are new, in staging; some are kept, in the output) and
indexed in one run. Pagefind has no incremental mode, so the index is rebuilt only when some
indexed page changed; otherwise its files are kept like any unchanged page.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Iterable

FOLDER = "pagefind/"
TIMEOUT = 600


class SearchUnavailable(Exception):
    """Pagefind is not installed, or its indexer failed."""


def index(pages: Iterable[tuple[str, Path]], language: str, output: Path) -> list[str]:
    """Index (output path, file) pages into `output`; return the index files' relative paths."""
    scratch = Path(tempfile.mkdtemp(prefix=".policy-atlas-search-", dir=output.parent))
    try:
        for relative, source in pages:
            target = scratch / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(source, target)
            except OSError:
                shutil.copyfile(source, target)
        command = [sys.executable, "-m", "pagefind", "--site", str(scratch), "--output-path", str(output),
                   "--root-selector", "main", "--force-language", language.split("-")[0], "--silent"]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise SearchUnavailable(f"Pagefind could not run: {error}") from error
        if result.returncode != 0:
            message = (result.stderr or result.stdout).strip().splitlines()
            if "No module named pagefind" in (result.stderr or ""):
                raise SearchUnavailable("the search index needs Pagefind: pip install 'pagefind[bin]'")
            raise SearchUnavailable(f"Pagefind failed: {message[-1] if message else result.returncode}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return sorted(p.relative_to(output).as_posix() for p in output.rglob("*") if p.is_file())
