"""Textual's parsed styles kept between launches: 4-5 ms of every start-up.

Textual parses every stylesheet it meets with a tokenizer written in Python: the app's own
and the DEFAULT_CSS of each widget class when it is first mounted. Before Today's first
frame that is 5.5 ms for a new person and 7.5 ms for a returning one (measured in an 80x24
pty), the same at every launch. What a stylesheet parses to depends only on its text,
where it comes from, its rank among the app's stylesheets and the theme's variables. So
the rules are kept in the cache folder, pickled one stylesheet at a time, and the next
launch unpickles those it meets instead (~2 ms for all of Today's).

`Stylesheet._parse_rules` is private Textual API (8.2). The cache wraps it only if it
takes the parameters expected; the file holds Textual's and Python's versions, and a
file from other versions is replaced. A file that is not this user's own, a link, one
too large or torn is ignored: the styles are parsed as usual. Only Unknot's own launch
installs it (`tui.cli`), never a test that does not ask.
"""

from __future__ import annotations

import inspect
import os
import pickle
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec
from textual.css.model import RuleSet

from tui.core.errors import DataFileError, read_file

if TYPE_CHECKING:
    from textual.css.stylesheet import Stylesheet

#: The file's layout; another value makes the file unreadable to this code.
FORMAT = 1
FILE_NAME = "textual-styles.msgpack"
#: Today, the other screens and the dialogs of a few themes come to ~200 KB.
MAX_BYTES = 2 * 1024 * 1024
#: What `Stylesheet._parse_rules` takes in Textual 8.2.
PARAMETERS = ["self", "css", "read_from", "is_default_rules", "tie_breaker", "scope"]

ParseRules = Callable[..., "list[RuleSet]"]


Kept = dict[str, dict[str, bytes]]
"""A theme's variables (as text) -> a stylesheet (its CSS, where from, default or not, rank
and scope, as text) -> its rules, pickled. Exact texts, not digests: no stylesheet can be
taken for another (and hashlib would cost start-up 3 ms)."""


class KeptStyles(msgspec.Struct, frozen=True):
    """The file: the versions it was written by, and each stylesheet's rules."""

    key: str
    styles: Kept


def versions_key() -> str:
    """What the pickled rules depend on: Python's version, and Textual's code that makes
    them (its CSS and layout packages: each file's size, time of
    change and inode, as an upgrade or an edit leaves them: every module at its top level
    too, as parsing uses borders, named colours, easings). Not `textual.__version__`:
    it reads the package's metadata, 10 ms of start-up."""
    import textual

    root = Path(textual.__file__).parent
    files: list[Path] = []
    for folder in (root, root / "css", root / "layouts"):
        with os.scandir(folder) as entries:
            files += sorted(Path(entry.path) for entry in entries if entry.name.endswith(".py"))
    stamps = []
    for file in files:
        info = file.stat()
        stamps.append(f"{file.name}:{info.st_size}:{info.st_mtime_ns}:{info.st_ino}")
    speedups = os.environ.get("TEXTUAL_SPEEDUPS", "")  # another Spacing class when set
    return f"{FORMAT}|{sys.version}|{textual.__file__}|{speedups}|{','.join(stamps)}"


class StyleCache:
    """Parsed stylesheets, read from `path` and kept there (`save`)."""

    def __init__(self, path: Path, key: str, kept: Kept) -> None:
        self.path = path
        """The file the styles are kept in."""
        self.key = key
        """The versions the rules belong to (`versions_key`)."""
        self.kept = kept
        """What was read (and last saved)."""
        self._new: dict[tuple[str, str], list[RuleSet]] = {}
        """(theme, stylesheet) -> the rules parsed this run and not saved yet."""
        self._lock = threading.Lock()
        self._variables: dict[str, str] | None = None
        self._theme = ""

    def _theme_of(self, stylesheet: Stylesheet) -> str:
        # A theme's variables come as a new dict each time they change (set_variables),
        # never changed in place: their text is worked out once per dict.
        variables = stylesheet._variables
        if variables is not self._variables:
            self._variables = variables
            self._theme = repr(sorted(variables.items()))
        return self._theme

    def parse_rules(
        self,
        parse: ParseRules,
        stylesheet: Stylesheet,
        css: str,
        read_from: tuple[str, str],
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        """What `parse` (Textual's `_parse_rules`) returns for these, kept or parsed."""
        key = (css, read_from, is_default_rules, tie_breaker, scope)
        rules = stylesheet._parse_cache.get(key)  # both private parts checked by `install`
        if rules is not None:
            return rules
        theme, sheet = self._theme_of(stylesheet), repr(key)
        data = self.kept.get(theme, {}).get(sheet)
        if data is not None:
            try:
                rules = pickle.loads(data)
            except Exception:  # torn, or from code that has changed since: parse it
                rules = None
            if isinstance(rules, list) and all(isinstance(rule, RuleSet) for rule in rules):
                stylesheet._parse_cache[key] = rules
                return rules
        rules = parse(stylesheet, css, read_from, is_default_rules, tie_breaker, scope)
        if not any(rule.errors for rule in rules):  # CSS with errors is reported each time
            with self._lock:
                self._new[theme, sheet] = rules
        return rules

    def save(self) -> None:
        """Keep the stylesheets parsed since the last save (none: nothing is written)."""
        from tui.core.store.files import atomic_write

        with self._lock:
            new, self._new = self._new, {}
        if not new:
            return
        styles = {theme: dict(sheets) for theme, sheets in self.kept.items()}
        kept_any = False
        for (theme, sheet), rules in new.items():
            try:
                pickled = pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:  # a value pickle cannot take (textual-speedups): not kept
                continue
            styles.setdefault(theme, {})[sheet] = pickled
            kept_any = True
        if not kept_any:
            return  # nothing new could be kept: the file stays as it is
        data = msgspec.msgpack.encode(KeptStyles(self.key, styles))
        if len(data) > MAX_BYTES:  # many themes tried: keep only the latest one's
            latest = next(reversed(new))[0]
            styles = {latest: styles.get(latest, {})}
            data = msgspec.msgpack.encode(KeptStyles(self.key, styles))
            if len(data) > MAX_BYTES:
                return  # never read back: not written
        self.kept = styles
        try:
            atomic_write(self.path, data)
            os.chmod(self.path, 0o600)  # atomic_write keeps a mode others could write with
        except OSError:  # the folder cannot be written: only a cache
            return


def read_kept(path: Path, key: str) -> Kept:
    """The pickled stylesheets in `path`, if it is this user's file for `key`
    (`versions_key`)."""
    try:
        data, info = read_file(path, MAX_BYTES, follow_links=False)
        if hasattr(os, "geteuid") and info.st_uid != os.geteuid():
            return {}  # not written by this user: never unpickled
        if info.st_mode & 0o022:
            return {}  # others could have written it: never unpickled
        kept = msgspec.msgpack.decode(data, type=KeptStyles)
    except (OSError, DataFileError, msgspec.DecodeError):
        return {}
    return kept.styles if kept.key == key else {}


def install(cache_dir: Path) -> StyleCache | None:
    """Parse Textual's stylesheets through a cache kept in `cache_dir` (for the whole
    process); None if this Textual's `_parse_rules` is not the one expected."""
    from textual.cache import LRUCache
    from textual.css.stylesheet import Stylesheet

    parse = Stylesheet.__dict__.get("_parse_rules")
    parse = getattr(parse, "__wrapped__", parse)  # installed before (another launch in-process)
    if not callable(parse) or list(inspect.signature(parse).parameters) != PARAMETERS:
        return None
    sample = Stylesheet()
    if not isinstance(getattr(sample, "_parse_cache", None), LRUCache) or not isinstance(
        getattr(sample, "_variables", None), dict
    ):
        return None  # the private parts the cache uses have moved
    try:
        key = versions_key()
    except OSError:  # Textual's files cannot be looked at: nothing says which rules fit
        return None
    path = cache_dir / FILE_NAME
    cache = StyleCache(path, key, read_kept(path, key))

    def parse_rules(
        self: Stylesheet,
        css: str,
        read_from: tuple[str, str],
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        return cache.parse_rules(parse, self, css, read_from, is_default_rules, tie_breaker, scope)

    parse_rules.__wrapped__ = parse  # type: ignore[attr-defined]
    setattr(Stylesheet, "_parse_rules", parse_rules)  # noqa: B010 (mypy: no method assignment)
    return cache


__all__ = [
    "FILE_NAME",
    "FORMAT",
    "MAX_BYTES",
    "KeptStyles",
    "StyleCache",
    "install",
    "read_kept",
    "versions_key",
]
