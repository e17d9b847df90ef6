"""Which watched folders changed, as the operating system reports it (watchdog: inotify on Linux).

livereload finds changes by walking every watched file and comparing modification times: on a site
of 10,000 briefs one walk takes about 50 ms, so polling often enough for a quick preview would keep
a core busy, and a save waited for the next poll. Here the operating system tells us of each change
as it happens and the server only looks at a flag. Where watchdog cannot watch (no inotify, too
many folders), `Changes.start` returns False and the server polls as before.
"""

from __future__ import annotations

import threading
from pathlib import Path


class Changes:
    """Folders in which something changed since it was last asked about."""

    def __init__(self, folders: list[Path]):
        self.folders = [str(folder) for folder in folders]
        self._changed: set[str] = set()
        self._paths: set[str] = set()  # every file or folder reported changed, since take_paths()
        self._lock = threading.Lock()
        self._observer = None

    def start(self) -> bool:
        """Start watching; return False if the operating system's notifications are not available."""
        try:
            from watchdog import events
            from watchdog.observers import Observer
        except ImportError:
            return False
        changes = self
        # Only changes: not opening and reading files, which every build does to 12,000 of them
        # (their events would keep the observer's thread busy, and the build waiting for it).
        wanted = [events.FileCreatedEvent, events.FileModifiedEvent, events.FileDeletedEvent, events.FileMovedEvent,
                  events.FileClosedEvent, events.DirCreatedEvent, events.DirDeletedEvent, events.DirMovedEvent]

        class _Handler(events.FileSystemEventHandler):
            def __init__(self, folder: str):
                self.folder = folder

            def on_any_event(self, event) -> None:
                changes._note(self.folder, event.src_path, getattr(event, "dest_path", ""))

        observer = Observer()
        try:
            for folder in self.folders:
                observer.schedule(_Handler(folder), folder, recursive=True, event_filter=wanted)
            observer.daemon = True
            observer.start()
        except OSError:  # e.g. the inotify watch limit reached
            observer.stop()
            return False
        self._observer = observer
        return True

    def _note(self, folder: str, *paths: str) -> None:
        with self._lock:
            self._changed.add(folder)
            self._paths.update(path if isinstance(path, str) else path.decode() for path in paths if path)

    def take_paths(self) -> set[str] | None:
        """Return the paths reported changed since the last call, and forget them; None when not watching."""
        if self._observer is None:
            return None
        with self._lock:
            paths, self._paths = self._paths, set()
            return paths

    def take(self, folder: str) -> bool:
        """Return whether something changed in `folder` since the last call, and forget it."""
        with self._lock:
            if folder in self._changed:
                self._changed.discard(folder)
                return True
            return False

    def stop(self) -> None:
        if self._observer is not None:
            self._observer.stop()
