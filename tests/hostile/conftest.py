"""The hostile-input suite reports how many cases it tried, per category, at the end of the run.

The tests count into hostile_support.FIGURES. Run in one process, the table is printed from there; with
pytest-xdist each worker hands its counts to the controller, which adds them up and prints the table
(tests/conftest.py: the controller never collects this folder, so these hooks live there).
"""
