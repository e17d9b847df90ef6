"""Pickles of what a build keeps on disk for the next one: the state (state.py) and the change log (changecache.py).

A record's located text is kept, not its parsed data (the record holds the data, and messages find
positions in the text); read-only mappings are kept as their dicts. Unpickling pauses the garbage
collector and then freezes what it made, as full.py does with what it loads.

Each file starts with one line of JSON saying what it is valid for (its writer's header) and the
pickle's length and CRC-32; `load` unpickles nothing whose header does not match or whose pickle is
cut short, and returns nothing from a pickle whose CRC-32 is not its header's (worked out beside the
unpickling, what a damaged pickle gave is dropped). A checksum, not a hash: the file is this generator's
own, and the check is for damage (a CRC of 60 MB takes 0.015-0.02 s, a BLAKE2 hash 0.06 s, of an edited
build's second).
"""

from __future__ import annotations

import copyreg
import io
import json
import mmap
import pickle
import threading
import zlib
from pathlib import Path
from types import MappingProxyType
from typing import Callable

from generator.builds.collector import collector_paused
from generator.content.yamlload import Located


def save(path: Path, header: dict, value: object) -> None:
    """Write `value` into the file `path`, behind `header` and the pickle's length and CRC-32."""
    save_parts(path, header, [value], parts=False)


def save_parts(path: Path, header: dict, values: list, parts: bool = True) -> None:
    """Write each of `values` pickled apart, one after another, into the file `path`, behind `header`, their
    lengths (`parts`) and the CRC-32 of them all: `load(..., part=k)` unpickles the k-th alone."""
    payloads = [pickled(value) for value in values]
    crc = 0
    for payload in payloads:
        crc = zlib.crc32(payload, crc)
    first = {**header, "size": sum(len(payload) for payload in payloads), "crc32": crc}
    if parts:
        first["parts"] = [len(payload) for payload in payloads]
    with open(path, "wb") as handle:
        handle.write(json.dumps(first).encode("utf-8") + b"\n")
        for payload in payloads:
            handle.write(payload)


def header_of(path: Path) -> dict | None:
    """Return the header of a file `save` wrote, without reading its pickle; None if there is none."""
    try:
        with open(path, "rb") as handle:
            first = json.loads(handle.readline(4096))
    except (OSError, ValueError):
        return None
    return first if isinstance(first, dict) else None


def says(first: dict, expected: dict) -> bool:
    """Return whether a file's header says every item of `expected`."""
    return all(first.get(key) == value for key, value in expected.items())


def load(path: Path, valid: Callable[[dict], bool], part: int | None = None) -> object | None:
    """Return what the file `path` holds (the `part`-th value save_parts wrote, if given) if `valid(header)` and its
    pickle is whole; None otherwise.

    The pickle is unpickled from the file mapped into memory, not read into a copy first: a 60 MB state is
    read that way in no time instead of 0.05 s (the copy's fresh memory is what costs). Where the file cannot
    be mapped (a file system without it), a copy is read."""
    try:
        with open(path, "rb") as handle:
            first = json.loads(handle.readline(4096))
            if not isinstance(first, dict) or not valid(first):
                return None
            start = handle.tell()
            try:
                mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
            except (OSError, ValueError):  # ValueError: an empty file, nothing to map
                return _whole(first, handle.read(), part)
            with mapped, memoryview(mapped)[start:] as payload:
                return _whole(first, payload, part)
    except (OSError, ValueError):  # ValueError: no JSON header
        return None


def _whole(first: dict, payload: bytes | memoryview, part: int | None = None) -> object | None:
    """Return what `payload` (or its `part`-th value) holds if it has the length and CRC-32 its header says, else None.

    The CRC-32 of the whole payload is worked out in another thread while this one unpickles (zlib lets go of
    Python's lock over a large buffer: 0.02 s of a 60 MB state hidden); what a damaged payload unpickled to is
    dropped unused."""
    if first.get("size") != len(payload):
        return None
    begin, end = 0, len(payload)
    if part is not None:
        lengths = first.get("parts")
        if not (isinstance(lengths, list) and 0 <= part < len(lengths)
                and all(type(length) is int and length >= 0 for length in lengths) and sum(lengths) == len(payload)):
            return None
        begin = sum(lengths[:part])
        end = begin + lengths[part]
    checked: list[int] = []
    checking = threading.Thread(target=lambda: checked.append(zlib.crc32(payload)), name="crc32")
    checking.start()
    try:
        with memoryview(payload)[begin:end] as chosen:
            value = unpickled(chosen)
    finally:
        _joined(checking)
    return value if checked == [first.get("crc32")] else None


def _joined(thread: threading.Thread) -> None:
    """Wait for `thread` to end, even through Ctrl-C, then raise the KeyboardInterrupt if one came: the thread
    reads a buffer its caller frees as soon as this returns (a mapped file, closed)."""
    interrupted = None
    while thread.is_alive():
        try:
            thread.join()
        except KeyboardInterrupt as error:
            interrupted = error
    if interrupted is not None:
        raise interrupted


def pickled(value: object) -> memoryview:
    """Return the pickle of a state or a change log (their records' texts kept, not their parsed data)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = {**copyreg.dispatch_table, MappingProxyType: _reduce_proxy, Located: _reduce_located}
    pickler.dump(value)
    return buffer.getbuffer()


def unpickled(payload: bytes | memoryview) -> object | None:
    """Return what `payload` (of pickled()) holds, or None if it does not unpickle; its objects are frozen out
    of later garbage collections, as full.py does with what it loads."""
    with collector_paused(freeze=True):  # a million objects and no garbage; later collections pass them by
        try:
            return pickle.loads(payload)
        except Exception:  # noqa: BLE001 (a damaged pickle may raise anything: it only means a full build)
            return None


def _proxy(mapping: dict) -> MappingProxyType:
    return MappingProxyType(mapping)


def _reduce_proxy(proxy: MappingProxyType):
    return _proxy, (dict(proxy),)


def _located(text: str | None, line_offset: int) -> Located:
    return Located(None, text=text, line_offset=line_offset)


def _positioned(values: dict, keys: dict) -> Located:
    return Located(None, values, keys)


def _reduce_located(located: Located):
    """Keep a record's text, not its parsed data: the record holds the data, and messages find positions in the text."""
    if located.text is None:
        return _positioned, (located.values, located.keys)
    return _located, (located.text, located._line_offset)
