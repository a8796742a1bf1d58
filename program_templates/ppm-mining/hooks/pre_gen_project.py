"""Before the bake: check the answers (generator/scaffolds/hooks.py); exit 1 stops the bake."""

from generator.scaffolds.hooks import before_bake

raise SystemExit(before_bake(r"""{{ cookiecutter | tojson }}"""))
