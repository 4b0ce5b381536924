"""notes-site: paper reading notes in one Markdown file, as a searchable static site."""

__version__ = "0.1.0"
