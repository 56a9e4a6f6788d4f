"""Stage 4, report: diagnostics and models → text, JSON and other output formats."""
