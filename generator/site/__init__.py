"""The site: every output path planned (plan, urls), what templates see (views, pages), the Jinja theme
(theme, render), Markdown and wiki links, maps, feeds, data exports and the search index.

May import: generator.content, generator.compare and the shared modules. Not builds or preview.
"""
