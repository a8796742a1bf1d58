"""After the bake: check the new program with Daya (generator/scaffolds/hooks.py)."""

from generator.scaffolds.hooks import after_bake

raise SystemExit(after_bake(r"""{{ cookiecutter | tojson }}"""))
