"""Reading record files in parallel: forked processes each read a share of the files.

Each worker starts as a copy of the parent's reader, parse cache included, so nothing has to be
sent to it but which files to read. It reads a contiguous run of the files and sends back the
records, the problems found and the cache entries used; the parent puts the runs together in file
order, so records and problems come out exactly as one process reading every file would give them.
"""

from __future__ import annotations

import multiprocessing
from pathlib import Path
from typing import Any

from generator.interrupts import forked_pool, quiet_worker
from generator.progress import SILENT, Progress

MIN_FILES = 2000  # below this, starting workers and sending records back costs more than it saves
RUNS_PER_WORKER = 4  # several runs each, so a worker that finishes early takes another

_reader = None  # the reader of the build being loaded, set just before the workers are forked


def load_records(reader, tasks: list[tuple[str, Path]], jobs: int, progress: Progress = SILENT) -> list[Any]:
    """Return the record (or None) for each (kind, path) in `tasks`, read by up to `jobs` processes."""
    if (jobs <= 1 or len(tasks) < MIN_FILES or reader.cache.has_records
            or "fork" not in multiprocessing.get_all_start_methods()):  # taking kept records is quicker at home
        return [_counted(reader.record(kind, path), progress) for kind, path in tasks]
    global _reader
    size = -(-len(tasks) // (jobs * RUNS_PER_WORKER))
    runs = [tasks[start:start + size] for start in range(0, len(tasks), size)]
    _reader = reader
    try:
        with forked_pool(jobs, quiet_worker) as pool:
            results = []
            for result in pool.imap(_read_run, runs, chunksize=1):
                results.append(result)
                progress.advance(len(result[0]))
    finally:
        _reader = None
    records: list[Any] = []
    for made, problems, warnings, hashes, (used, hits, kept) in results:
        records.extend(made)
        reader.problems.extend(problems)
        reader.warnings.extend(warnings)
        reader.hashes.update(hashes)
        reader.cache.adopt(used, hits, kept)
    return records


def _counted(record, progress: Progress):
    progress.advance()
    return record


def _read_run(run: list[tuple[str, Path]]) -> tuple[list, list, list, dict, tuple]:
    """In a worker: read a run of files; return the records, problems, warnings, file hashes and what the cache used."""
    reader = _reader
    reader.problems, reader.warnings, reader.hashes = [], [], {}
    reader.cache.forget_used()
    made = [reader.record(kind, path) for kind, path in run]
    return made, reader.problems, reader.warnings, reader.hashes, reader.cache.forget_used()
