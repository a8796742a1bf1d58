"""The `daya` command line: check, generate, new, schema, stamp."""

from generator.cli.main import main

__all__ = ["main"]
