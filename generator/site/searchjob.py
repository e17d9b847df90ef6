"""One search shard indexed in a process apart from the build: its pages gathered, Pagefind run, the scratch removed.

search.index_pages runs this file as a script, with Python's -I -S (the standard library alone: it starts in a
hundredth of a second), and waits for it in a thread of the build. A process, not that thread: a shard's few hundred
pages are as many folders (a page is its folder's index.html), and making them, then removing them, took the build's
thread 0.03-0.07 s a shard, where a thread of its own would wait for Python's lock at each while the build renders or
reads its state (docs/performance.md).

Reads one JSON object on stdin: "scratch" (an empty folder), "pages" ([output path, file] pairs: each file is
hard-linked, or copied, at its output path in the scratch folder), "command" (Pagefind's, reading the scratch folder)
and "timeout" (seconds). Exits with Pagefind's status, its messages passed on; with GATHER_FAILED and the reason on
stderr when the pages could not be gathered, or TIMED_OUT when Pagefind took too long. The scratch folder is removed
whatever happens.
"""

import json
import os
import shutil
import subprocess
import sys

GATHER_FAILED = 3
TIMED_OUT = 4


def gather(scratch: str, pages) -> None:
    """Hard-link (or copy) each (output path, file) of `pages` at its output path in the folder `scratch` (also
    search.gather's, in the build's own process)."""
    made = set()
    for relative, source in pages:
        target = os.path.join(scratch, relative)
        folder = os.path.dirname(target)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        try:
            os.link(source, target)
        except OSError:
            shutil.copyfile(source, target)


def main() -> int:
    job = json.load(sys.stdin)
    try:
        try:
            gather(job["scratch"], job["pages"])
        except OSError as error:
            print(f"the pages could not be gathered: {error}", file=sys.stderr)
            return GATHER_FAILED
        try:
            return subprocess.run(job["command"], stdin=subprocess.DEVNULL, timeout=job["timeout"]).returncode
        except subprocess.TimeoutExpired:
            print(f"Pagefind took longer than {job['timeout']} s", file=sys.stderr)
            return TIMED_OUT
        except OSError as error:
            print(f"Pagefind could not run: {error}", file=sys.stderr)
            return 1
    finally:
        shutil.rmtree(job["scratch"], ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
