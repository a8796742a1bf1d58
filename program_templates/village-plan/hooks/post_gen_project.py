"""After the bake: check the new program with Daya when Daya is installed. Never fails the bake.

Warnings are expected: they list what the program manager still has to fill in (baselines,
targets, budget lines). The hook prints them and always exits 0.
"""

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

ENGLISH = {{ cookiecutter.language | tojson }} == "en"


def say(indonesian, english):
    print(english if ENGLISH else indonesian)


def daya_command():
    """How to run `daya` from here: this Python's package first, then a `daya` on PATH."""
    try:
        if importlib.util.find_spec("generator.cli") is not None:
            return [sys.executable, "-m", "generator.cli"]
    except (ImportError, ValueError):
        pass
    found = shutil.which("daya")
    return [found] if found else None


def main():
    program_dir = Path.cwd()
    # Name the file as the user sees it from the repository root when it is in programs/.
    if program_dir.parent.name == "programs":
        base = program_dir.parent.parent
    else:
        base = program_dir.parent
    program_file = (program_dir / "program.yaml").relative_to(base)
    command = daya_command()
    if command is None:
        say(
            f"Daya belum terpasang, jadi program belum diperiksa. Setelah memasangnya, "
            f"jalankan: daya check {program_file}",
            f"Daya is not installed, so the program was not checked. Once it is, run: "
            f"daya check {program_file}",
        )
        return 0
    say("Memeriksa program baru dengan Daya:", "Checking the new program with Daya:")
    sys.stdout.flush()
    try:
        result = subprocess.run(
            [*command, "check", str(program_file)], cwd=base, timeout=120, check=False
        )
    except (OSError, subprocess.SubprocessError) as exc:
        say(f"Pemeriksaan tidak bisa dijalankan ({exc}).", f"The check could not run ({exc}).")
        return 0
    if result.returncode == 0:
        say(
            "Tidak ada kesalahan. Peringatan di atas adalah daftar yang masih perlu Anda isi; "
            "lihat README.md di folder program.",
            "No errors. The warnings above are what you still need to fill in; see README.md "
            "in the program folder.",
        )
    else:
        say(
            "Daya menemukan kesalahan pada program baru ini. Perbaiki baris yang disebut di atas, "
            "atau laporkan sebagai masalah templat bila Anda belum mengubah apa pun.",
            "Daya found errors in the new program. Fix the lines named above, or report it as "
            "a template problem if you have not changed anything yet.",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
