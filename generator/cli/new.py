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
from typing import Any

from pydantic import TypeAdapter, ValidationError

from generator.cli.terminal import say
from generator.core.messages import LANGUAGES, _m, _mn, ui_language
from generator.core.model import Slug
from generator.errors import ProgramExists, ScaffoldFailed, UsageError, relative_name
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
            _m(
                "no {folder}/ folder found: run `daya new` inside a Daya repository",
                folder=TEMPLATES_DIR,
            )
        )
    return root / TEMPLATES_DIR


def _read_json(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ScaffoldFailed(
            _m("{file} cannot be read: {reason}", file=relative_name(path), reason=exc)
        ) from None
    if not isinstance(data, dict):
        raise ScaffoldFailed(_m("{file} is not a JSON object", file=relative_name(path)))
    return data


def template_listing(templates_root: Path) -> dict[str, Any]:
    """{name: {"path", "title", "description"}} under the `templates` key, in Cookiecutter's
    order."""
    listing = _read_json(templates_root / "cookiecutter.json").get("templates")
    return listing if isinstance(listing, dict) else {}


def template_names(templates_root: Path) -> list[str]:
    """The templates listed under the `templates` key, in the order Cookiecutter offers them."""
    return list(template_listing(templates_root))


def template_questions(templates_root: Path, template: str) -> list[str]:
    """The answers a template asks for (its public cookiecutter.json keys), in order."""
    context = _read_json(templates_root / template / "cookiecutter.json")
    return [key for key in context if not key.startswith("_")]


# --- The command line ------------------------------------------------------------------------


def parse_new_arguments(arguments: Sequence[str]) -> tuple[str | None, dict[str, str], bool]:
    """`[TEMPLATE] [--no-input] [key=value ...]` in any order → (template, answers, no_input).

    `--ui-lang LANG` may be among them too: `daya` has read it already (cli/main.py)."""
    template: str | None = None
    answers: dict[str, str] = {}
    no_input = False
    rest = iter(arguments)
    for argument in rest:
        if argument == "--no-input":
            no_input = True
        elif argument == "--ui-lang" or argument.startswith("--ui-lang="):
            value = argument.partition("=")[2] or next(rest, "")
            if value not in LANGUAGES:
                raise UsageError(_m("--ui-lang {value}: choose id or en", value=repr(value)))
        elif argument.startswith("-"):
            raise UsageError(_m("unknown option {option}; see `daya new --help`", option=argument))
        elif "=" in argument:
            key, value = argument.split("=", 1)
            if not key:
                raise UsageError(
                    _m("'{argument}' has no name before '='; write key=value", argument=argument)
                )
            answers[key] = value
        elif template is None:
            template = argument
        else:
            raise UsageError(
                _m(
                    "give one template, not '{first}' and '{second}'; answers are written "
                    "key=value",
                    first=template,
                    second=argument,
                )
            )
    return template, answers, no_input


def check_request(templates_root: Path, template: str | None, answers: dict[str, str]) -> None:
    """Refuse an unknown template or question before Cookiecutter asks anything."""
    names = template_names(templates_root)
    if template is not None and template not in names:
        raise UsageError(
            _m(
                "unknown template '{template}'; choose one of: {names}",
                template=template,
                names=", ".join(names),
            )
        )
    known: list[str] = []
    for name in [template] if template else names:
        known += [q for q in template_questions(templates_root, name) if q not in known]
    unknown = [key for key in answers if key not in known]
    if unknown:
        raise UsageError(
            _mn(
                "unknown question {unknown}; the template asks: {known}",
                "unknown questions {unknown}; the template asks: {known}",
                len(unknown),
                unknown=", ".join(unknown),
                known=", ".join(known),
            )
        )
    # Cookiecutter renders answers given up front as Jinja templates; take them as plain text.
    for key, value in answers.items():
        if JINJA_SYNTAX.search(value):
            raise UsageError(
                _m(
                    "the answer {answer} contains template syntax ({{{{, {{% or {{#); "
                    "write it without those characters",
                    answer=f"{key}={value!r}",
                )
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
            _m(
                "The program id {id} cannot be used. Enter lowercase letters, digits, dots or "
                "hyphens only, starting with a letter or digit, with no spaces or slashes; for "
                "example: air-bersih-sukamaju.",
                id=repr(ident),
            )
        ) from None
    if (programs_dir / ident).exists():
        raise program_exists(programs_dir / ident)


def program_exists(folder: Path) -> ProgramExists:
    name = relative_name(folder)
    return ProgramExists(
        _m(
            "{name} already exists, and `daya new` never writes over a program.\n"
            "To start another program, give it a new id: daya new ... id=<new-id>\n"
            "To change this one, edit {name}/program.yaml and run `daya check {name}`.",
            name=name,
        )
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

    `template` None asks which template (or takes the first with no_input). The questions
    and the hooks' messages are in the interface language. Nothing is left behind when an
    answer is rejected; an existing program is never touched.
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
            _m(
                "no {folder}/ folder here: run `daya new` in the root of your Daya repository "
                "(the folder with mkdocs.yml)",
                folder=relative_name(programs_dir),
            )
        )
    if "id" in extra_context:
        check_program_id(extra_context["id"], programs_dir)
    context: dict[str, Any] = dict(extra_context)
    if not no_input:
        template = template or ask_template(templates_root)
        context["__prompts__"] = questions_in(ui_language(), templates_root, template)

    before = _folders(programs_dir)
    with _hook_messages() as message_file, _quiet_cookiecutter_log():
        try:
            baked = cookiecutter(
                str(templates_root),
                directory=template,
                no_input=no_input,
                extra_context=context,
                output_dir=str(programs_dir),
            )
        except OutputDirExistsException as exc:
            raise program_exists(_existing_folder(str(exc), programs_dir)) from None
        except FailedHookException:
            _remove_new_empty_folders(programs_dir, before)
            message = message_file.read_text(encoding="utf-8").strip()
            raise ScaffoldFailed(
                message or _m("the template's check of the answers failed; nothing was written")
            ) from None
        except EOFError:
            raise input_ended() from None
        except ValueError as exc:  # a choice answer that is not one of the choices
            raise UsageError(str(exc)) from None
        except CookiecutterException as exc:
            _remove_new_empty_folders(programs_dir, before)
            raise ScaffoldFailed(
                _m("the template could not be baked: {reason}", reason=exc)
            ) from None
    return Path(baked)


def input_ended() -> UsageError:
    return UsageError(
        _m(
            "the input ended before every question was answered; answer them in a "
            "terminal, or use --no-input with key=value answers"
        )
    )


# --- The questions, in the interface language ----------------------------------------------


def in_language(text: str, lang: str) -> str:
    """One half of a template's bilingual text, `Indonesian / English`."""
    halves = text.split(" / ", 1)
    return halves[0 if lang == "id" else 1].strip() if len(halves) == 2 else text


def questions_in(lang: str, templates_root: Path, template: str) -> dict[str, Any]:
    """The template's `__prompts__` (written `Indonesian / English` for plain Cookiecutter)
    in one language; given to Cookiecutter, they replace its own."""
    prompts = _read_json(templates_root / template / "cookiecutter.json").get("__prompts__")
    return {
        key: (
            {option: in_language(str(text), lang) for option, text in prompt.items()}
            if isinstance(prompt, dict)
            else in_language(str(prompt), lang)
        )
        for key, prompt in (prompts if isinstance(prompts, dict) else {}).items()
    }


def ask_template(templates_root: Path) -> str:
    """Which template, asked by Daya: Cookiecutter's own question is in English only."""
    from rich.markup import escape
    from rich.prompt import Prompt

    listing = template_listing(templates_root)
    lines = [_m("Choose a program template:")]
    for number, (name, entry) in enumerate(listing.items(), start=1):
        about = in_language(str(entry.get("description", "")), ui_language())
        lines.append(f"    [bold magenta]{number}[/] - [bold]{escape(name)}[/] ({escape(about)})")
    lines.append("    " + _m("Number of the template"))
    question = Prompt("\n".join(lines), choices=[str(n) for n in range(1, len(listing) + 1)])
    question.illegal_choice_message = "[prompt.invalid.choice]" + escape(
        _m("Please type one of the numbers shown")
    )
    try:
        return list(listing)[int(question(default="1")) - 1]
    except EOFError:
        raise input_ended() from None


@contextmanager
def _hook_messages() -> Iterator[Path]:
    """A file the pre_gen hook writes its message to, so it can become our error message; and
    the interface language, for the hooks' messages (they run in processes of their own)."""
    with tempfile.TemporaryDirectory(prefix="daya-new-") as folder:
        path = Path(folder) / "message.txt"
        path.write_text("", encoding="utf-8")
        with _environment({MESSAGE_FILE_ENV: str(path), "DAYA_LANG": ui_language()}):
            yield path


@contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    """These environment variables while the block runs, the previous ones after."""
    previous = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


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
    """What to do after `daya new`."""
    folder = relative_name(program_dir)
    return _m(
        "New program: {file}\n"
        "Next:\n"
        "  1. Open {file} and fill in what is still missing (see {folder}/README.md).\n"
        "  2. Run `daya check {folder}`: its warnings are your to-do list (baselines, targets, "
        "budget lines).\n"
        "  3. Run `make serve` and open http://127.0.0.1:8000 to see the program's pages.",
        file=f"{folder}/program.yaml",
        folder=folder,
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
        help=_m("start a new program from a template in program_templates/"),
        usage="daya new [TEMPLATE] [--no-input] [key=value ...]",
        description=_m(
            "Start programs/<id>/ from a program template: basic, livelihood, ppm-mining or "
            "village-plan. Questions not answered with key=value are asked, unless --no-input."
        ),
    )
    new.add_argument(
        "--no-input",
        action="store_true",
        help=_m("ask nothing: use the key=value answers and the template's defaults"),
    )
    new.add_argument(
        "arguments",
        nargs=argparse.REMAINDER,
        metavar="TEMPLATE key=value",
        help=_m("the template (asked when left out) and answers, e.g. id=air-bersih-sukamaju"),
    )
    new.set_defaults(run=run_new)
