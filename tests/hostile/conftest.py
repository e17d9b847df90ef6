"""The hostile-input suite reports how many cases it tried, per category, at the end of the run."""

from __future__ import annotations

import hostile_support


def pytest_terminal_summary(terminalreporter):
    figures = hostile_support.FIGURES
    if figures:
        terminalreporter.write_sep("-", "hostile input: cases tried")
        for category, count in sorted(figures.items()):
            terminalreporter.write_line(f"{category:<58} {count:>6}")
