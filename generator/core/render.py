"""The Jinja environment templates run in: sandboxed, StrictUndefined, limited in the work a
template may do, with gettext labels, Babel formats and the escaping of `escaping.py` as its
`finalize`, so every value a template prints is inert unless it is `Markup`.
"""

from __future__ import annotations

import contextlib
import itertools
import math
import os
import re
import signal
import threading
import time
import types
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError, safe_range
from pydantic import BaseModel

from generator.core.escaping import (
    escape_markdown,
    escape_markdown_block,
    gantt_text,
    mermaid_text,
    quadrant_text,
)
from generator.core.i18n import (
    format_long_date,
    format_money,
    format_month,
    format_number,
    format_percent,
    translations,
)
from generator.core.messages import _m, file_kind_words
from generator.errors import DayaError, TemplateProblem, relative_name
from generator.paths import NotARegularFile, link_between, read_regular_file

TEMPLATES_DIR = Path(__file__).parent / "templates"


def too_big() -> str:
    return _m("a value of more than {n} characters or digits", n=f"{MAX_VALUE_SIZE:,}")


# --- The environment -------------------------------------------------------------------------

MAX_TEMPLATE_BYTES = 1_000_000
MAX_STEPS = 10_000_000
"""Calls, attribute reads and range items one render may take (a program takes ~50,000)."""
MAX_OUTPUT = 50_000_000
"""Characters one document may have."""
MAX_VALUE_SIZE = 10_000_000
"""Characters (or digits) of any one value a template makes with `*`, `**`, `%` or format."""
MAX_SECONDS = 60
"""Wall-clock time of one render (enforced with a timer when rendering on the main thread)."""
_WIDE_FORMAT = re.compile(r"\d{8,}|\*")


class TemplateTooBusy(Exception):
    """A render went past MAX_STEPS, MAX_OUTPUT or MAX_SECONDS."""


CHECK_EVERY = 4096
"""Steps between two looks at the step count and the clock."""


class _Environment(ImmutableSandboxedEnvironment):
    """The sandbox, with limits on the work a template may do, and a fast path for reading
    the fields of Daya's own models.

    A template reads model fields thousands of times per program; they are plain data, so
    they skip the sandbox's generic checks. Everything else (methods, `__class__`, other
    objects) goes through the full sandbox as before. Every call, attribute read and range
    item counts as a step; `*`, `**` and `%` may not make a value beyond MAX_VALUE_SIZE.
    Renders with one environment run one at a time (a process renders sequentially).
    """

    intercepted_binops = frozenset({"*", "**", "%"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.globals["range"] = self.counted_range
        self.start_budget(math.inf)

    def start_budget(self, deadline: float) -> None:
        self.steps, self.next_check, self.deadline = 0, CHECK_EVERY, deadline

    def check_budget(self) -> None:
        self.next_check = self.steps + CHECK_EVERY
        if self.steps > MAX_STEPS:
            raise TemplateTooBusy(_m("more than {n} steps", n=f"{MAX_STEPS:,}"))
        if time.monotonic() > self.deadline:
            raise TemplateTooBusy(_m("more than {n} seconds", n=MAX_SECONDS))

    def counted_range(self, *args: int) -> range:
        numbers = safe_range(*args)
        self.steps += len(numbers)
        if self.steps >= self.next_check:
            self.check_budget()
        return numbers

    def getattr(self, obj: Any, attribute: str) -> Any:
        self.steps += 1
        if self.steps >= self.next_check:
            self.check_budget()
        # Daya's models and views are plain data: their fields are safe to read.
        if isinstance(obj, BaseModel):
            model = type(obj)
            if attribute in model.model_fields or attribute in model.model_computed_fields:
                return getattr(obj, attribute)
        elif attribute in getattr(type(obj), "__dataclass_fields__", ()):
            return getattr(obj, attribute)
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        self.steps += 1
        if self.steps >= self.next_check:
            self.check_budget()
        return super().getitem(obj, argument)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        __self.steps += 1
        if __self.steps >= __self.next_check:
            __self.check_budget()
        return super().call(__context, __obj, *args, **kwargs)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if _too_large(operator, left, right):
            raise SecurityError(too_big())
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        if not isinstance(value, types.BuiltinMethodType | types.MethodType):
            return None  # the common case, without asking the sandbox
        wrapper = super().wrap_str_format(value)
        if wrapper is not None and _WIDE_FORMAT.search(str(value.__self__)):
            raise SecurityError(too_big())
        return wrapper


def _too_large(operator: str, left: Any, right: Any) -> bool:
    """Would `left operator right` make a value beyond MAX_VALUE_SIZE? (checked before it does)"""
    if operator == "*":
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, str | list | tuple) and isinstance(times, int):
                return len(seq) * times > MAX_VALUE_SIZE
        return False
    if operator == "**":
        if isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right > 0:
            return right * math.log10(abs(left)) > MAX_VALUE_SIZE
        return False
    return isinstance(left, str) and bool(_WIDE_FORMAT.search(left))  # "%0999999999d" % 1


def _refuse_wide_filler(name: str) -> Callable[..., Any]:
    """A filter whose width argument could make a huge string (`center`, `indent`)."""
    original = jinja2.filters.FILTERS[name]

    def limited(value: Any, width: Any = 80, *args: Any, **kwargs: Any) -> Any:
        if isinstance(width, int) and width > MAX_VALUE_SIZE:
            raise SecurityError(too_big())
        return original(value, width, *args, **kwargs)

    return limited


class RegularFileLoader(jinja2.FileSystemLoader):
    """Templates from a folder, as regular files inside it: a link (to /etc/passwd, say) or
    a special file is refused before it is read."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)
        for folder in self.searchpath:
            root = Path(folder)
            path = root.joinpath(*pieces)
            if not os.path.lexists(path):
                continue
            link = link_between(path, root)
            if link is not None:
                raise TemplateProblem(
                    _m(
                        "{file} is a link; templates must be regular files inside the templates "
                        "folder",
                        file=relative_name(link),
                    )
                )
            try:
                data = read_regular_file(path, MAX_TEMPLATE_BYTES)
                source = data.decode("utf-8")
            except NotARegularFile as exc:
                raise TemplateProblem(
                    _m(
                        "{file} is {kind}; templates must be regular files inside the templates "
                        "folder",
                        file=relative_name(path),
                        kind=file_kind_words(exc.kind),
                    )
                ) from None
            except (OSError, UnicodeDecodeError) as exc:
                raise TemplateProblem(
                    _m("{file} cannot be read: {reason}", file=relative_name(path), reason=exc)
                ) from None
            if len(data) > MAX_TEMPLATE_BYTES:
                raise TemplateProblem(
                    _m("{file} is over 1 MB; it is not a template", file=relative_name(path))
                )
            mtime = path.stat().st_mtime

            def uptodate(path: Path = path, mtime: float = mtime) -> bool:
                try:
                    return path.stat().st_mtime == mtime
                except OSError:
                    return False

            return source, str(path), uptodate
        raise jinja2.TemplateNotFound(template)


def make_environment(override_dir: Path | None = None) -> jinja2.Environment:
    """One environment for all documents; a file in override_dir replaces the built-in one."""
    loaders: list[jinja2.BaseLoader] = []
    if override_dir is not None:
        loaders.append(RegularFileLoader(str(override_dir)))
    loaders.append(RegularFileLoader(str(TEMPLATES_DIR)))
    env = _Environment(
        loader=jinja2.ChoiceLoader(loaders),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        finalize=escape_markdown,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.filters["md"] = escape_markdown
    env.filters["md_block"] = escape_markdown_block
    env.filters["mermaid"] = mermaid_text
    env.filters["gantt"] = gantt_text
    env.filters["quadrant"] = quadrant_text
    for name in ("center", "indent"):
        env.filters[name] = _refuse_wide_filler(name)
    return env


@lru_cache(maxsize=8)
def shared_environment(override_dir: Path | None = None) -> jinja2.Environment:
    """One environment per override folder for the whole process: templates compile once.

    Compiling the templates costs far more than rendering them, so every caller that renders
    many programs shares this one (rendering is sequential within a process).
    """
    return make_environment(override_dir)


def use_language(env: jinja2.Environment, lang: str) -> None:
    """Labels, number, money and date formats of `lang` for the next render."""
    labels = translations(lang)
    env.install_gettext_callables(  # type: ignore[attr-defined]
        labels.gettext, labels.ngettext, newstyle=True
    )
    env.globals["lang"] = lang
    env.filters["money"] = lambda amount, currency: format_money(amount, currency, lang)
    env.filters["number"] = lambda value: format_number(value, lang)
    env.filters["date"] = lambda value: format_long_date(value, lang)
    env.filters["month"] = lambda value: format_month(value, lang)
    env.filters["percent"] = lambda value: format_percent(value, lang)


def compile_templates(env: jinja2.Environment) -> None:
    """Compile every template now, so the first render does not wait for it.

    A broken template is left for the render, which reports it with its line.
    """
    use_language(env, "id")  # the filters must exist to compile; each render sets its own
    for name in env.list_templates(extensions=["j2"]):
        with contextlib.suppress(jinja2.TemplateError, DayaError):
            env.get_template(name)


@contextlib.contextmanager
def _time_limit(env: jinja2.Environment) -> Iterator[None]:
    """MAX_SECONDS for one render: counted steps look at the clock, and on the main thread a
    timer also stops a loop that counts nothing (`{% for i in r %}{% for j in r %}…`)."""
    if not isinstance(env, _Environment):
        yield
        return
    env.start_budget(time.monotonic() + MAX_SECONDS)
    on_main_thread = threading.current_thread() is threading.main_thread()
    if not on_main_thread or not hasattr(signal, "setitimer"):
        yield
        return

    def stop(_signum: int, _frame: Any) -> None:
        raise TemplateTooBusy(_m("more than {n} seconds", n=MAX_SECONDS))

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, MAX_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _render_limited(template: jinja2.Template, context: dict[str, Any]) -> str:
    """The rendered text, stopped once it passes MAX_OUTPUT (looked at every 512 pieces)."""
    pieces = template.generate(context)
    parts, size = [], 0
    while batch := list(itertools.islice(pieces, 512)):
        part = "".join(batch)
        size += len(part)
        if size > MAX_OUTPUT:
            raise TemplateTooBusy(_m("more than {n} characters of output", n=f"{MAX_OUTPUT:,}"))
        parts.append(part)
    return "".join(parts)


def render_template(env: jinja2.Environment, name: str, lang: str, context: dict[str, Any]) -> str:
    """Render one template in `lang`; any template failure becomes a located TemplateProblem."""
    use_language(env, lang)
    try:
        template = env.get_template(name)
        with _time_limit(env):
            return _render_limited(template, context)
    except DayaError:
        raise
    except jinja2.TemplateSyntaxError as exc:
        where = f"{exc.filename or exc.name or name}:{exc.lineno}"
        raise TemplateProblem(
            _m("{where}: template syntax error: {error}", where=where, error=exc.message)
        ) from None
    except jinja2.UndefinedError as exc:
        raise TemplateProblem(
            _m(
                "{where}: {error}; check the spelling of the name in the template",
                where=_template_line(exc, name),
                error=exc.message,
            )
        ) from None
    except SecurityError as exc:
        raise TemplateProblem(
            _m(
                "{where}: the template tried something the sandbox forbids ({error}); "
                "templates may only show the program's data",
                where=_template_line(exc, name),
                error=exc,
            )
        ) from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateProblem(_m("template not found: {name}", name=exc.name)) from None
    except TemplateTooBusy as exc:
        raise TemplateProblem(
            _m(
                "{where}: the template does too much work ({error}); check its loops",
                where=_template_line(exc, name),
                error=exc,
            )
        ) from None
    except RecursionError as exc:
        raise TemplateProblem(
            _m(
                "{where}: the template calls itself without end (recursion); check its macros",
                where=_template_line(exc, name),
            )
        ) from None
    except MemoryError as exc:
        raise TemplateProblem(
            _m(
                "{where}: the template needs more memory than there is",
                where=_template_line(exc, name),
            )
        ) from None
    except Exception as exc:  # noqa: BLE001 - a template's own failure (1 // 0, a bad call)
        raise TemplateProblem(
            _m("{where}: the template failed: {error}", where=_template_line(exc, name), error=exc)
        ) from None


def _template_line(exc: BaseException, default_name: str) -> str:
    """`templates/x.md.j2:12` from the traceback of a rendering error."""
    tb = exc.__traceback__
    found = default_name
    while tb is not None:
        frame = tb.tb_frame
        filename = frame.f_code.co_filename
        if filename.endswith(".j2") or "/templates/" in filename:
            template = frame.f_globals.get("__jinja_template__")
            line = template.get_corresponding_lineno(tb.tb_lineno) if template else tb.tb_lineno
            found = f"{_short_template_path(filename)}:{line}"
        tb = tb.tb_next
    return found


def _short_template_path(filename: str) -> str:
    path = Path(filename)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
