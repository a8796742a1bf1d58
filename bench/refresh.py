"""Edit to refresh: how long after a save `make serve` (mkdocs serve --dirty) shows the change.

    .venv/bin/python bench/refresh.py [--programs 1000] [--repeat 3] [--reuse DIR]

Makes a catalogue of N synthetic programs (bench/make_catalogue.py; --reuse keeps the folder
and its cache between runs), starts `mkdocs serve --dirty` on it and waits for the first build.
Then, --repeat times each, it saves one change and polls the served page until it shows it:

- a program: a new word in an indicator's means of verification (its page);
- a program's monitoring file: a note on an activity's status (its page's progress section);
- a handbook page: a new word in a method card.

Each row gives the seconds from the save to the served page showing the change (the median,
and the slowest), and the rebuild MkDocs logged ("Documentation built in ...") for it. Polls
every 50 ms; MkDocs notices a save within about half a second (its watcher polls the folders).
"""

from __future__ import annotations

import argparse
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from make_catalogue import make_catalogue  # noqa: E402

TARGET_S = 2.0
EDITED = "air-bersih-0002"  # a synthetic program with monitoring records


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own server
            return response.read().decode("utf-8", errors="replace")
    except OSError:
        return ""


def wait_for(url: str, token: str, timeout: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if token in fetch(url):
            return time.monotonic()
        time.sleep(0.05)
    raise SystemExit(f"{url} did not show {token!r} within {timeout:.0f} s")


def program_edit(root: Path, token: str) -> tuple[Path, str, str]:
    path = root / "programs" / EDITED / "program.yaml"
    text = path.read_text(encoding="utf-8")
    found = re.search(r"(?m)^(\s*means_of_verification: )(\S.*)$", text)
    assert found, path
    changed = text[: found.start(2)] + f"{token} " + text[found.start(2) :]
    return path, changed, f"programs/{EDITED}/index.html"


def monitoring_edit(root: Path, token: str) -> tuple[Path, str, str]:
    """A note on the first activity's status records (its latest shows on the page)."""
    path = root / "programs" / EDITED / "monitoring" / "activities.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    first = lines[1].split(",")[header.index("activity")]
    for number, line in enumerate(lines[1:], 1):
        row = line.split(",")
        if row[header.index("activity")] == first:
            row[header.index("note")] = token
            lines[number] = ",".join(row)
    return path, "\n".join(lines) + "\n", f"programs/{EDITED}/index.html"


def handbook_edit(root: Path, token: str) -> tuple[Path, str, str]:
    path = root / "docs" / "methods" / "fgd.md"
    return path, path.read_text(encoding="utf-8") + f"\n{token}\n", "methods/fgd.html"


EDITS = {
    "a program": program_edit,
    "its monitoring file": monitoring_edit,
    "a handbook page": handbook_edit,
}


def built_times(log: Path) -> list[float]:
    text = log.read_text(encoding="utf-8", errors="replace")
    return [float(s) for s in re.findall(r"Documentation built in ([\d.]+) seconds", text)]


def reloads(log: Path) -> int:
    """Rebuilds finished. Counted by "Reloading browsers" (its line has the time of day):
    MkDocs does not log a line equal to the one before it, so a rebuild as long as the last
    one, to the hundredth of a second, logs no "Documentation built in"."""
    return log.read_text(encoding="utf-8", errors="replace").count("Reloading browsers")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--programs", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reuse", type=Path)
    args = parser.parse_args()
    root = args.reuse or Path(f"/tmp/daya-refresh-{args.programs}")
    if args.reuse is None or not (root / "programs").is_dir():
        shutil.rmtree(root, ignore_errors=True)
        make_catalogue(args.programs, root)
    port = free_port()
    log = root / "serve.log"
    mkdocs = REPO / ".venv" / "bin" / "mkdocs"
    command = [str(mkdocs), "serve", "--dirty", "-a", f"127.0.0.1:{port}"]
    with log.open("w", encoding="utf-8") as out:
        server = subprocess.Popen(command, cwd=root, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    try:
        started = time.monotonic()
        wait_for(base + f"programs/{EDITED}/index.html", "<html", 3600)
        print(f"first build: {time.monotonic() - started:.0f} s ({args.programs} programs)")
        rows = []
        for name, edit in EDITS.items():
            seconds, rebuilds = [], []
            for attempt in range(args.repeat):
                token = f"daya{attempt}x{int(time.time() * 1000) % 10**8}"
                path, text, page = edit(root, token)
                before = reloads(log)
                saved = time.monotonic()
                path.write_text(text, encoding="utf-8")
                seconds.append(wait_for(base + page, token, 600) - saved)
                while reloads(log) <= before:
                    time.sleep(0.05)
                rebuilds.append(built_times(log)[-1])  # or the one before it, equal to it
                time.sleep(1)  # let the watcher settle before the next save
            rows.append(
                (name, statistics.median(seconds), max(seconds), statistics.median(rebuilds))
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
    title = f"Edit to refresh, `mkdocs serve --dirty`, {args.programs} programs"
    print(f"\n{title} (target ≤ {TARGET_S} s)\n")
    print("| Saved | To the page showing it (median) | Slowest | MkDocs rebuild (median) |")
    print("|---|---|---|---|")
    for name, median, slowest, rebuild in rows:
        print(f"| {name} | {median:.2f} s | {slowest:.2f} s | {rebuild:.2f} s |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
