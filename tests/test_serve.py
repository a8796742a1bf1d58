"""`make serve` as a person uses it: a real `mkdocs serve --dirty`, a saved program file, and
the served page showing the change.

The server notices saves from the system's file events (generator/site/watching.py). The build
reads every program, and the system reports reads too: the server must rebuild once per save,
not after every rebuild of its own.
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.test_site import project_copy

pytestmark = [pytest.mark.slow]

PROGRAM = "programs/air-bersih-sukamaju/program.yaml"
PAGE = "programs/air-bersih-sukamaju/index.html"


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


def wait_for(url: str, text: str, timeout: float) -> None:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if text in fetch(url):
            return
        time.sleep(0.2)
    raise AssertionError(f"{url} did not show {text!r} within {timeout:.0f} s")


def builds(log: Path) -> int:
    return len(re.findall(r"Documentation built in", log.read_text(encoding="utf-8")))


def test_a_saved_program_shows_on_the_served_page_and_the_server_then_rests(
    tmp_path: Path,
) -> None:
    project = project_copy(tmp_path)
    log = tmp_path / "serve.log"
    port = free_port()
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"]
    with log.open("w", encoding="utf-8") as out:
        server = subprocess.Popen(command, cwd=project, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/{PAGE}"
    try:
        wait_for(url, "<html", 600)
        assert "watching for saves by polling" not in log.read_text(encoding="utf-8")
        first = builds(log)
        program = project / PROGRAM
        text = program.read_text(encoding="utf-8")
        assert "Rekap kasus diare" in text, "update this test"
        program.write_text(text.replace("Rekap kasus diare", "Rekap kasus x9q diare"), "utf-8")
        wait_for(url, "Rekap kasus x9q diare", 120)
        while builds(log) == first:  # the page is written before MkDocs logs the build
            time.sleep(0.2)
        time.sleep(4)  # long enough for a rebuild started by the build's own reads to show
        assert builds(log) == first + 1, log.read_text(encoding="utf-8")[-3000:]
    finally:
        server.terminate()
        server.wait(timeout=30)
