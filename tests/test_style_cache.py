"""Textual's parsed styles kept between launches (`tui.style_cache`)."""

from __future__ import annotations

import os
from pathlib import Path

import msgspec
import pytest
from textual.css.model import RuleSet
from textual.css.stylesheet import Stylesheet

from tui import style_cache
from tui.style_cache import FILE_NAME, KeptStyles, install, read_kept, versions_key

CSS = """
Screen { layout: vertical; }
#title { height: 1; background: $panel; color: $text; padding: 0 1; }
.section { margin: 1 0 0 0; height: auto; }
"""
VARIABLES = {"panel": "#223344", "text": "#eeeeee"}
READ_FROM = ("/somewhere/today.tcss", "")


def described(rules: list[RuleSet]) -> list[tuple[object, ...]]:
    """Rules, comparable: each one's selectors, declarations (a layout by its name: each
    parse makes a new one), origin and rank."""
    return [
        (
            [(selector.css, selector.specificity) for selector in rule.selector_set],
            sorted(rule.selector_names),
            sorted(rule.pseudo_classes),
            {name: repr(value) for name, value in rule.styles.get_rules().items()},
            rule.is_default_rules,
            rule.tie_breaker,
        )
        for rule in rules
    ]


def parsed(variables: dict[str, str] = VARIABLES, css: str = CSS) -> list[tuple[object, ...]]:
    """What a fresh stylesheet makes of `css`."""
    sheet = Stylesheet(variables=dict(variables))
    sheet.add_source(css, read_from=READ_FROM)
    sheet.parse()
    return described(sheet.rules)


def launch(cache: Path, monkeypatch: pytest.MonkeyPatch) -> style_cache.StyleCache:
    """A new launch: Textual's own `_parse_rules`, then the cache installed over it."""
    monkeypatch.setattr(Stylesheet, "_parse_rules", ORIGINAL)
    installed = install(cache)
    assert installed is not None
    return installed


ORIGINAL = Stylesheet.__dict__["_parse_rules"]


def no_parsing(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make Textual's parser record each stylesheet it is asked for, and parse it."""
    asked: list[str] = []

    def recorded(
        self: Stylesheet,
        css: str,
        read_from: tuple[str, str],
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> object:
        asked.append(css)
        return ORIGINAL(self, css, read_from, is_default_rules, tie_breaker, scope)

    monkeypatch.setattr(Stylesheet, "_parse_rules", recorded)
    return asked


def test_styles_parsed_once_are_read_back_the_same_at_the_next_launch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = parsed()
    first = launch(tmp_path, monkeypatch)
    assert parsed() == fresh
    first.save()
    assert (tmp_path / FILE_NAME).stat().st_mode & 0o777 == 0o600

    asked = no_parsing(monkeypatch)
    install(tmp_path)  # over the recording parser: only a miss reaches it
    assert parsed() == fresh
    assert asked == []
    assert parsed(css=CSS + "Static { width: 1fr; }") != fresh  # another stylesheet: parsed
    assert len(asked) == 1


def test_another_theme_is_parsed_and_kept_beside_the_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = launch(tmp_path, monkeypatch)
    dark = {**VARIABLES, "panel": "#000000"}
    light_rules, dark_rules = parsed(), parsed(dark)
    assert dark_rules != light_rules  # $panel is substituted as the rules are parsed
    cache.save()
    kept = read_kept(tmp_path / FILE_NAME, versions_key())
    assert len(kept) == 2 and all(len(sheets) == 1 for sheets in kept.values())

    asked = no_parsing(monkeypatch)
    install(tmp_path)
    assert parsed(dark) == dark_rules and parsed() == light_rules
    assert asked == []


def test_css_with_errors_is_never_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from textual.css.stylesheet import StylesheetParseError

    cache = launch(tmp_path, monkeypatch)
    with pytest.raises(StylesheetParseError):
        parsed(css="Screen { height: lots; }")
    cache.save()
    assert not (tmp_path / FILE_NAME).exists()  # nothing new to keep: nothing written


@pytest.mark.parametrize(
    "spoil",
    [
        "torn",
        "other versions",
        "not msgpack",
        "a link",
        "too large",
        "a folder",
        "not ours",
        "writable by others",
    ],
)
def test_a_file_that_is_not_right_is_ignored_and_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spoil: str
) -> None:
    fresh = parsed()
    cache = launch(tmp_path / "cache", monkeypatch)
    parsed()
    cache.save()
    path = tmp_path / "cache" / FILE_NAME
    data = path.read_bytes()
    if spoil == "torn":
        path.write_bytes(data[: len(data) // 2])
    elif spoil == "other versions":
        kept = msgspec.msgpack.decode(data, type=KeptStyles)
        path.write_bytes(msgspec.msgpack.encode(KeptStyles("1|3.11.0|textual 7", kept.styles)))
    elif spoil == "not msgpack":
        path.write_bytes(b"\x00" * 100)
    elif spoil == "a link":
        os.replace(path, tmp_path / "elsewhere")
        path.symlink_to(tmp_path / "elsewhere")
    elif spoil == "too large":
        monkeypatch.setattr(style_cache, "MAX_BYTES", len(data) - 1)
    elif spoil == "a folder":
        path.unlink()
        path.mkdir()
    elif spoil == "writable by others":
        path.chmod(0o620)
    else:
        if os.geteuid() != 0:
            pytest.skip("giving a file to another user takes root")
        os.chown(path, os.geteuid() + 1, -1)  # a pickle another user wrote is never loaded
    assert read_kept(path, versions_key()) == {}
    asked = no_parsing(monkeypatch)
    again = install(tmp_path / "cache")
    assert again is not None and parsed() == fresh and asked  # parsed as usual
    if spoil not in ("a folder", "too large"):
        again.save()
        assert not path.is_symlink()  # replaced, never written through
        assert read_kept(path, versions_key())  # replaced by a good one


def test_a_pickle_that_cannot_be_read_is_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = launch(tmp_path, monkeypatch)
    fresh = parsed()
    cache.save()
    path = tmp_path / FILE_NAME
    kept = msgspec.msgpack.decode(path.read_bytes(), type=KeptStyles)
    spoilt = {
        theme: {sheet: b"\x80\x05junk" for sheet in sheets} for theme, sheets in kept.styles.items()
    }
    path.write_bytes(msgspec.msgpack.encode(KeptStyles(kept.key, spoilt)))
    asked = no_parsing(monkeypatch)
    install(tmp_path)
    assert parsed() == fresh and len(asked) == 1


def test_a_textual_with_another_parser_is_left_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def other(self: Stylesheet, css: str, read_from: object, *, defaults: bool = False) -> object:
        return ORIGINAL(self, css, read_from, defaults)

    monkeypatch.setattr(Stylesheet, "_parse_rules", other)
    assert install(tmp_path) is None
    assert Stylesheet.__dict__["_parse_rules"] is other


def test_installing_twice_wraps_textuals_parser_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    launch(tmp_path, monkeypatch)
    install(tmp_path)
    assert Stylesheet.__dict__["_parse_rules"].__wrapped__ is ORIGINAL


def test_an_unwritable_cache_folder_is_no_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "file").write_text("")
    cache = launch(tmp_path / "file" / "cache", monkeypatch)  # under a file: never a folder
    parsed()
    assert cache._new  # something to save
    cache.save()


async def test_the_app_keeps_the_styles_of_its_first_frame_for_the_next_launch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.app import UnknotApp
    from tui.core.catalog import default_catalog_path, load_catalog
    from tui.core.paths import DataPaths

    catalog = load_catalog(default_catalog_path())
    paths = DataPaths.resolve(str(tmp_path / "data"))

    async def first_frame(styles: style_cache.StyleCache) -> list[tuple[object, ...]]:
        app = UnknotApp(catalog, paths, style_cache=styles)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            return described(app.stylesheet.rules)

    first = await first_frame(launch(tmp_path / "cache", monkeypatch))
    assert read_kept(tmp_path / "cache" / FILE_NAME, versions_key())  # saved after the frame
    asked = no_parsing(monkeypatch)
    second = install(tmp_path / "cache")
    assert second is not None
    assert await first_frame(second) == first
    assert asked == []  # every stylesheet of Today's first frame came from the file
