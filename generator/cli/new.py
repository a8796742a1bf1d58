"""Starting a new program from a Cookiecutter template in program_templates/ (`daya new`)."""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from generator.cli.terminal import say
from generator.core.load import load_program
from generator.core.model import Slug
from generator.errors import DayaError, ProgramExists, ScaffoldFailed, UsageError, relative_name
from generator.paths import find_project_root
from generator.scaffolds.hooks import MESSAGE_FILE_ENV

TEMPLATES_DIR = "program_templates"
PROGRAMS_DIR = Path("programs")


_SLUG = TypeAdapter(Slug)
JINJA_SYNTAX = re.compile(r"\{[{%#]")


# --- The templates on disk -------------------------------------------------------------------


def find_templates_root(start: Path | None = None) -> Path:
    """program_templates/ of the Daya repository around `start` (default: the current folder)."""
    root = find_project_root(start)
    if root is None or not (root / TEMPLATES_DIR / "cookiecutter.json").is_file():
        raise ScaffoldFailed(
            f"no {TEMPLATES_DIR}/ folder found: run `daya new` inside a Daya repository"
        )
    return root / TEMPLATES_DIR


def _read_json(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ScaffoldFailed(f"{relative_name(path)} cannot be read: {exc}") from None
    if not isinstance(data, dict):
        raise ScaffoldFailed(f"{relative_name(path)} is not a JSON object")
    return data


def template_names(templates_root: Path) -> list[str]:
    """The templates listed under the `templates` key, in the order Cookiecutter offers them."""
    listing = _read_json(templates_root / "cookiecutter.json").get("templates")
    return list(listing) if isinstance(listing, dict) else []


def template_questions(templates_root: Path, template: str) -> list[str]:
    """The answers a template asks for (its public cookiecutter.json keys), in order."""
    context = _read_json(templates_root / template / "cookiecutter.json")
    return [key for key in context if not key.startswith("_")]


# --- The command line ------------------------------------------------------------------------


def parse_new_arguments(arguments: Sequence[str]) -> tuple[str | None, dict[str, str], bool]:
    """`[TEMPLATE] [--no-input] [key=value ...]` in any order → (template, answers, no_input)."""
    template: str | None = None
    answers: dict[str, str] = {}
    no_input = False
    for argument in arguments:
        if argument == "--no-input":
            no_input = True
        elif argument.startswith("-"):
            raise UsageError(f"unknown option {argument}; see `daya new --help`")
        elif "=" in argument:
            key, value = argument.split("=", 1)
            if not key:
                raise UsageError(f"'{argument}' has no name before '='; write key=value")
            answers[key] = value
        elif template is None:
            template = argument
        else:
            raise UsageError(
                f"give one template, not '{template}' and '{argument}'; "
                "answers are written key=value"
            )
    return template, answers, no_input


def check_request(templates_root: Path, template: str | None, answers: dict[str, str]) -> None:
    """Refuse an unknown template or question before Cookiecutter asks anything."""
    names = template_names(templates_root)
    if template is not None and template not in names:
        raise UsageError(f"unknown template '{template}'; choose one of: {', '.join(names)}")
    known: list[str] = []
    for name in [template] if template else names:
        known += [q for q in template_questions(templates_root, name) if q not in known]
    unknown = [key for key in answers if key not in known]
    if unknown:
        raise UsageError(
            f"unknown question{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}; "
            f"the template asks: {', '.join(known)}"
        )
    # Cookiecutter renders answers given up front as Jinja templates; take them as plain text.
    for key, value in answers.items():
        if JINJA_SYNTAX.search(value):
            raise UsageError(
                f"the answer {key}={value!r} contains template syntax ({{{{, {{% or {{#); "
                "write it without those characters"
            )


def check_program_id(ident: str, programs_dir: Path) -> None:
    """The id must be a slug and not be taken yet.

    The template's pre_gen hook refuses a bad id too, but only after Cookiecutter has made the
    folder, and an id such as `a/b` would leave `programs/a/` behind; so it is checked first.
    """
    try:
        _SLUG.validate_python(ident)
    except ValidationError:
        raise ScaffoldFailed(
            f"Id program {ident!r} tidak bisa dipakai. Isi huruf kecil, angka, titik atau tanda "
            "minus saja, diawali huruf atau angka, tanpa spasi dan garis miring; contoh: "
            "air-bersih-sukamaju.\n"
            f"The program id {ident!r} cannot be used. Enter lowercase letters, digits, dots or "
            "hyphens only, starting with a letter or digit, with no spaces or slashes; for "
            "example: air-bersih-sukamaju."
        ) from None
    if (programs_dir / ident).exists():
        raise program_exists(programs_dir / ident)


def program_exists(folder: Path) -> ProgramExists:
    name = relative_name(folder)
    return ProgramExists(
        f"{name} already exists, and `daya new` never writes over a program.\n"
        f"To start another program, give it a new id: daya new ... id=<new-id>\n"
        f"To change this one, edit {name}/program.yaml and run `daya check {name}`."
    )


# --- Baking ----------------------------------------------------------------------------------


def create_program(
    template: str | None,
    *,
    no_input: bool,
    extra_context: dict[str, str],
    programs_dir: Path,
) -> Path:
    """Bake a program template into programs_dir/<id>/ and return that folder.

    `template` None lets Cookiecutter ask which template (or take the first with no_input).
    Nothing is left behind when an answer is rejected; an existing program is never touched.
    """
    from cookiecutter.exceptions import (
        CookiecutterException,
        FailedHookException,
        OutputDirExistsException,
    )
    from cookiecutter.main import cookiecutter

    templates_root = find_templates_root()
    check_request(templates_root, template, extra_context)
    if not programs_dir.is_dir():
        raise ScaffoldFailed(
            f"no {relative_name(programs_dir)}/ folder here: run `daya new` in the root of your "
            "Daya repository (the folder with mkdocs.yml)"
        )
    if "id" in extra_context:
        check_program_id(extra_context["id"], programs_dir)

    before = _folders(programs_dir)
    with _hook_messages() as message_file, _quiet_cookiecutter_log():
        try:
            baked = cookiecutter(
                str(templates_root),
                directory=template,
                no_input=no_input,
                extra_context=dict(extra_context),
                output_dir=str(programs_dir),
            )
        except OutputDirExistsException as exc:
            raise program_exists(_existing_folder(str(exc), programs_dir)) from None
        except FailedHookException:
            _remove_new_empty_folders(programs_dir, before)
            message = message_file.read_text(encoding="utf-8").strip()
            raise ScaffoldFailed(
                message or "the template's check of the answers failed; nothing was written"
            ) from None
        except EOFError:
            raise UsageError(
                "the input ended before every question was answered; answer them in a "
                "terminal, or use --no-input with key=value answers"
            ) from None
        except ValueError as exc:  # a choice answer that is not one of the choices
            raise UsageError(str(exc)) from None
        except CookiecutterException as exc:
            _remove_new_empty_folders(programs_dir, before)
            raise ScaffoldFailed(f"the template could not be baked: {exc}") from None
    return Path(baked)


@contextmanager
def _hook_messages() -> Iterator[Path]:
    """A file the pre_gen hook writes its message to, so it can become our error message."""
    with tempfile.TemporaryDirectory(prefix="daya-new-") as folder:
        path = Path(folder) / "message.txt"
        path.write_text("", encoding="utf-8")
        previous = os.environ.get(MESSAGE_FILE_ENV)
        os.environ[MESSAGE_FILE_ENV] = str(path)
        try:
            yield path
        finally:
            if previous is None:
                os.environ.pop(MESSAGE_FILE_ENV, None)
            else:
                os.environ[MESSAGE_FILE_ENV] = previous


@contextmanager
def _quiet_cookiecutter_log() -> Iterator[None]:
    """Cookiecutter logs a traceback when a hook fails; we report the hook's message instead."""
    logger = logging.getLogger("cookiecutter")
    handler = logging.NullHandler()
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _existing_folder(message: str, programs_dir: Path) -> Path:
    found = re.search(r'"(.+)" directory already exists', message)
    return Path(found.group(1)) if found else programs_dir


def _folders(root: Path) -> set[Path]:
    return {path for path in root.rglob("*") if path.is_dir()}


def _remove_new_empty_folders(root: Path, before: set[Path]) -> None:
    """Cookiecutter removes the program folder on a failed hook, but not parents it made."""
    for folder in sorted(_folders(root) - before, key=lambda p: len(p.parts), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()


# --- After baking ----------------------------------------------------------------------------


def next_steps(program_dir: Path) -> str:
    """What to do after `daya new`, in the language the program was written in."""
    folder = relative_name(program_dir)
    program_file = f"{folder}/program.yaml"
    try:
        language = load_program(program_dir / "program.yaml").program.language
    except DayaError:
        language = "id"
    if language == "en":
        return "\n".join(
            [
                f"New program: {program_file}",
                "Next:",
                f"  1. Open {program_file} and fill in what is still missing "
                f"(see {folder}/README.md).",
                f"  2. Run `daya check {folder}`: its warnings are your to-do list "
                "(baselines, targets, budget lines).",
                "  3. Run `make serve` and open http://127.0.0.1:8000 to see the program's pages.",
            ]
        )
    return "\n".join(
        [
            f"Program baru: {program_file}",
            "Langkah berikutnya:",
            f"  1. Buka {program_file} dan isi bagian yang masih kosong "
            f"(lihat {folder}/README.md).",
            f"  2. Jalankan `daya check {folder}`: peringatannya adalah daftar yang masih perlu "
            "diisi (baseline, target, baris anggaran).",
            "  3. Jalankan `make serve` dan buka http://127.0.0.1:8000 untuk melihat halaman "
            "programnya.",
        ]
    )


def run_new(args: argparse.Namespace) -> int:
    # Options may follow the template (`daya new basic --no-input id=x`), which argparse
    # cannot mix with positionals, so the scaffold module reads the arguments itself.
    template, answers, no_input = parse_new_arguments(args.arguments)
    program_dir = create_program(
        template,
        no_input=no_input or args.no_input,
        extra_context=answers,
        programs_dir=PROGRAMS_DIR,
    )
    say(next_steps(program_dir))
    return 0


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """`daya new`: its options (the answers are read by parse_new_arguments)."""
    new = sub.add_parser(
        "new",
        parents=[common],
        help="start a new program from a template in program_templates/",
        usage="daya new [TEMPLATE] [--no-input] [key=value ...]",
        description=(
            "Start programs/<id>/ from a program template: basic, livelihood, ppm-mining or "
            "village-plan. Questions not answered with key=value are asked, unless --no-input."
        ),
    )
    new.add_argument(
        "--no-input",
        action="store_true",
        help="ask nothing: use the key=value answers and the template's defaults",
    )
    new.add_argument(
        "arguments",
        nargs=argparse.REMAINDER,
        metavar="TEMPLATE key=value",
        help="the template (asked when left out) and answers, e.g. id=air-bersih-sukamaju",
    )
    new.set_defaults(run=run_new)
