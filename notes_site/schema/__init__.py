"""JSON Schemas of the files notes-site writes for other tools (`papers.json`)."""
