"""`python -m generator.cli`: the same as the `daya` command."""

from generator.cli.main import main

raise SystemExit(main())
