"""Browser tests: a real Chromium reading the built site (marked `browser`)."""
