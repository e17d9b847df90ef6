"""Making a build happen: the full build (full) and the quick one (quick), what changed since the last build
(inputs, incremental, deps, manifest), rendering in worker processes (workers), and staging and committing the
output safely (write). `result` holds what a build returns.

May import: generator.content, generator.compare, generator.site and the shared modules. Not preview.
"""
