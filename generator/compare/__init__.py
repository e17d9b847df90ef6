"""The comparison: every cell derived as of a date, with its provenance (derive), and the same for every
year at once (snapshots).

May import: generator.content and the shared modules (problems, dates, hashing).
"""
