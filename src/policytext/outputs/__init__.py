"""Everything written to the output folder: CSV tables, word clouds, report, manifest."""
