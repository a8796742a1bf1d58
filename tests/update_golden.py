"""Rewrite the golden files of the example program: `python -m tests.update_golden`."""

from tests.test_documents import GOLDEN, example_documents

for lang in ("id", "en"):
    folder = GOLDEN / lang
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    for name, content in example_documents(lang).items():
        (folder / name).write_text(content, encoding="utf-8")
    print(f"wrote {folder}")
