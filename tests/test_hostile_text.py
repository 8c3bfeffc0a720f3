"""Text from files never reaches a terminal raw (issue #8, items 1 and 2).

One sanitiser (`text.clean_text`) at the output boundary: the command line's stdout and
stderr, the app's notifications and dialogs, and every part of an error message. The
property test feeds hostile strings into every field of a catalogue, a routine, a history
record and into file names, runs every command, and looks at every byte written.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from support import exercise_data

from tui.app import UnknotApp
from tui.cli import build_parser, main
from tui.core.catalog import default_catalog_path, load_catalog
from tui.core.errors import DataFileError, describe_exercise_entry
from tui.core.paths import DataPaths
from tui.core.record import SessionRecord
from tui.core.store.history import device_log
from tui.screens.choice import ChoiceScreen
from tui.screens.dialogs import ConfirmScreen, PromptScreen
from tui.screens.history import session_row

#: What no output may hold: C0 and C1 controls but newline and tab, DEL, bidi overrides
#: and isolates, lone surrogates.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")

#: The issue's repro: retitles the terminal and writes the clipboard (OSC 52).
OSC_ID = "Bad_Id\x1b]2;PWNED\x1b\\\x1b]52;c;cHduZWQ=\x1b\\"
HOSTILE = [
    OSC_ID,
    "\x1b]0;pwned\x07",
    "\x1b[2J\x1b[H",
    "\x9d0;c1 title\x9c",
    "\x9b31m",
    "\x1bP1$r\x1b\\",
    "\u202eevil",
    "[bold red]markup[/]",
    "line\nbreak",
    "\r\x08\x00\x7f",
    "\ud800",
]
hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=4)), max_size=4).map("".join),
)


def unsafe_in(text: str) -> list[str]:
    return UNSAFE.findall(text)


def run_cli(*argv: str) -> tuple[int, str]:
    """Run a command in-process; its exit status and everything it wrote, both streams."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            status = main(list(argv))
        except SystemExit as exit_:  # argparse's usage errors
            status = int(exit_.code or 0)
    return status, out.getvalue()


# --------------------------------------------------------------------------- messages


def test_an_error_about_an_exercise_never_quotes_its_raw_id() -> None:
    raw = {"exercise": [{"id": OSC_ID}]}
    entry, _ = describe_exercise_entry(["exercise", 0, "id"], raw)
    assert entry == "exercise 'Bad_Id' (#1)"  # the escape sequences go whole


def test_every_part_of_a_data_file_error_is_cleaned() -> None:
    error = DataFileError(
        Path(f"/x/{OSC_ID}.toml"), f"bad {OSC_ID}", entry=f"entry {OSC_ID}", field=OSC_ID
    )
    assert str(error) == "/x/Bad_Id.toml: entry Bad_Id: field 'Bad_Id': bad Bad_Id"


def test_the_issue_repro_through_import_routines_and_check(tmp_path: Path) -> None:
    shared = tmp_path / "shared.toml"
    shared.write_text(tomli_w.dumps({"name": "x", "exercise": [{"id": OSC_ID}]}))
    data = tmp_path / "data"
    status, output = run_cli("--data-dir", str(data), "import", str(shared))
    assert status == 1 and "Bad_Id" in output
    (data / "routines").mkdir(parents=True)
    (data / "routines" / "shared.toml").write_bytes(shared.read_bytes())
    _, listing = run_cli("--data-dir", str(data), "routines")
    catalogue = tmp_path / "catalog.toml"
    catalogue.write_text(tomli_w.dumps({"exercise": [exercise_data(id=OSC_ID)]}))
    _, checked = run_cli("check", str(catalogue))
    _, launched = run_cli("--catalog", str(catalogue), "--data-dir", str(data), "routines")
    for text in (output, listing, checked, launched):
        assert "Bad_Id" in text
        assert not unsafe_in(text), text


def test_a_hostile_routine_file_name_is_listed_cleanly(tmp_path: Path) -> None:
    routines = tmp_path / "routines"
    routines.mkdir()
    (routines / "\x1b]0;pwned\x07.toml").write_text('name = "Mine"\n')
    status, listing = run_cli("--data-dir", str(tmp_path), "routines")
    assert status == 0 and "Mine" in listing
    assert not unsafe_in(listing)
    # JSON keeps the name exactly, escaped.
    _, as_json = run_cli("--data-dir", str(tmp_path), "routines", "--json")
    assert not unsafe_in(as_json)
    paths = {row["path"] for row in json.loads(as_json)}
    assert str(routines / "\x1b]0;pwned\x07.toml") in paths


def test_a_line_break_in_a_history_name_stays_on_its_row(tmp_path: Path) -> None:
    record = {
        "started_at": "2026-03-04T09:12:00+00:00",
        "routine_name": "Evening\nInjected row\r\u2028more",
        "active_seconds": 60.0,
        "planned_seconds": 60.0,
        "finished": True,
        "exercises": [{"entry_index": 0, "id": "cobra", "name": "Co\nbra", "outcome": "done"}],
    }
    row = session_row(SessionRecord.from_dict(record), 40).line(120).plain
    assert "\n" not in row and "\u2028" not in row
    assert "Evening Injected row" in row
    device_log(DataPaths(tmp_path)).append(record)
    status, listing = run_cli("--data-dir", str(tmp_path), "history")
    assert status == 0
    assert len(listing.splitlines()) == 1, listing


# --------------------------------------------------------------------------- every command


#: Arguments for each command, so the property test runs all of them. A new command
#: fails `test_the_property_test_covers_every_command` until it has a line here.
def command_lines(catalogue: Path, routine: Path, name: str) -> dict[str, list[list[str]]]:
    return {
        "check": [["check", str(catalogue)], ["check", str(routine), str(catalogue)]],
        "routines": [["routines"], ["routines", "--json"]],
        "export": [
            ["export", name],
            ["export", name, "--format", "toml"],
            ["export", "Desk break"],
            ["export", "Desk break", "--format", name],  # a usage error quoting it
        ],
        "import": [["import", str(routine)]],
        "start": [["start", f"no such {name}"]],  # the app itself: see the pty test
        "history": [["history"], ["history", "--json"]],
        "figure": [["figure", "knee-to-chest"], ["figure", name]],  # an unknown id quoting it
        "sync": [["sync"]],  # not set up: says so
        "serve": [["serve", "--port", name]],  # a usage error quoting it (a server never ends)
        "remind": [["remind"], ["remind", "--ics", "-", "--routine", name]],
        "status": [["status"]],
        "report": [
            ["report"],
            ["report", "--format", "html", "--since", "all"],
            ["report", "--since", name],  # a usage error quoting it
        ],
        "import-wger": [  # wger's text with `text` in names, steps and authors (see below)
            [
                "import-wger",
                str(catalogue.parent / "wger"),
                "--out",
                str(catalogue.parent / "w.toml"),
            ]
        ],
    }


def test_the_property_test_covers_every_command() -> None:
    parser = build_parser()
    [commands] = [action for action in parser._actions if action.dest == "command"]
    assert set(commands.choices) == set(command_lines(Path(), Path(), "").keys())  # type: ignore[arg-type]


def hostile_catalogue(text: str) -> dict[str, Any]:
    """A catalogue with `text` in every field (and key) that takes text."""
    exercise = exercise_data(
        name=f"Knee {text}",
        areas=[text, "hips"],
        steps=[text, f"Lie down {text}"],
        cue=f"Breathe {text}",
        cautions=[text],
        stop_if=[text],
        source_note=text,
    )
    bad = exercise_data(id=text, name=text, category=text)
    bad[text] = text  # an unknown field named by the text
    return {
        "title": text,
        "guidance": {"notice": text, "points": [text], "if_it_hurts": text},
        "exercise": [exercise, bad],
    }


WGER_FIXTURE = Path(__file__).parent / "data" / "wger"


def write_hostile_wger(folder: Path, text: str) -> None:
    """The test fixture of wger's exports with `text` in every translation's name,
    description and author."""
    folder.mkdir()
    for source in WGER_FIXTURE.glob("*.json"):
        data = json.loads(source.read_text())
        if source.name == "translations.json":
            for record in data:
                fields = record["fields"]
                for key in ("name", "description", "license_author", "alias", "comment"):
                    if isinstance(fields.get(key), str):
                        fields[key] = f"{fields[key]} <b>{text}</b>"
        write(folder / source.name, json.dumps(data, ensure_ascii=False))


def write(path: Path, text: str) -> None:
    """`text` as UTF-8, lone surrogates too (as the invalid UTF-8 a hostile file can hold)."""
    path.write_bytes(text.encode("utf-8", "surrogatepass"))


def write_hostile_data(root: Path, text: str) -> tuple[Path, Path, str]:
    """A data folder, a catalogue and a routine file with `text` everywhere; the paths and
    the name of the routine."""
    name = f"R {text}"
    routine = {
        "name": name,
        "description": text,
        "exercise": [
            {"id": "bridge", "note": text},
            {"id": text, "note": text, "dosage": {"reps": text}},
        ],
    }
    fine = {"name": f"Fine {text}", "exercise": [{"id": "cobra", "note": text}]}
    routines = root / "data" / "routines"
    routines.mkdir(parents=True)
    file_name = re.sub(r"[/\x00]", "", text)[:40] or "x"
    for stem, content in ((file_name, routine), (f"fine {file_name}", fine)):
        with contextlib.suppress(UnicodeEncodeError, OSError):  # a name no file can have
            write(routines / f"{stem}.toml", tomli_w.dumps(content))
    record = {
        "started_at": text,
        "routine_name": text,
        "active_seconds": 60.0,
        "planned_seconds": 60.0,
        "finished": True,
        "exercises": [{"entry_index": 0, "id": text, "name": text, "outcome": "done"}],
    }
    # A recent session (so `report` and Progress show it) and lines of every other kind.
    now = datetime.now().astimezone().isoformat(timespec="seconds")
    recent = {
        **record,
        "started_at": now,
        "pain_before": 3,
        "pain_after": 5,
        "pain_reports": [{"entry_index": 0, "id": text, "pain": 6}],
    }
    others = [
        {"kind": "psfs", "at": now, "ratings": [{"activity": text[:80] or "x", "score": 4}]},
        {"kind": "safety", "at": now, "answers": {text: True}, "reason": text, "note": text},
        {"kind": "intake", "at": now, "routine": text, "areas": [text]},
        {"kind": "pain_check", "session_started_at": now, "routine_name": text, "asked_at": now},
        {"kind": text, "at": now},
    ]
    history = root / "data" / "history.jsonl"
    write(
        history,
        "".join(json.dumps(line) + "\n" for line in (record, recent, *others))
        + json.dumps({**record, "outcome": text})
        + "\n"
        + json.dumps({text: text})
        + "\n"
        + text,
    )
    catalogue = root / "catalog.toml"
    write(catalogue, tomli_w.dumps(hostile_catalogue(text)))
    write_hostile_wger(root / "wger", text)
    shared = root / f"{file_name}.toml"
    with contextlib.suppress(UnicodeEncodeError, OSError):
        write(shared, tomli_w.dumps(routine))
    if not shared.exists():
        shared = root / "shared.toml"
        write(shared, tomli_w.dumps(routine))
    return catalogue, shared, name


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(hostile_text)
@example(OSC_ID)
@example("\x1b]0;pwned\x07")
def test_no_command_writes_a_control_character_from_any_file(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        catalogue, routine, name = write_hostile_data(root, text)
        data = ["--data-dir", str(root / "data"), "--cache-dir", str(root / "cache")]
        for lines in command_lines(catalogue, routine, name).values():
            for line in lines:
                for catalogue_flag in ([], ["--catalog", str(catalogue)]):
                    status, output = run_cli(*data, *catalogue_flag, *line)
                    assert status in (0, 1, 2), (line, output)
                    assert not unsafe_in(output), (line, output)
                    assert "Traceback" not in output


# --------------------------------------------------------------------------- the app


async def test_notifications_and_dialogs_pass_the_sanitiser(tmp_path: Path) -> None:
    app = UnknotApp(load_catalog(default_catalog_path()), DataPaths(tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        app.notify(f"message {OSC_ID}", title=f"title {OSC_ID}")
        await pilot.pause()
        [note] = [n for n in app._notifications if "message" in n.message]
        assert not unsafe_in(note.message) and not unsafe_in(note.title)
    for dialog in (
        ConfirmScreen(OSC_ID, OSC_ID),
        PromptScreen(OSC_ID, OSC_ID),
        ChoiceScreen(OSC_ID, [("a", OSC_ID)]),
    ):
        texts = [value for value in vars(dialog).values() if isinstance(value, str)]
        texts += [label for _, label in getattr(dialog, "_choices", [])]
        assert texts and not any(unsafe_in(text) for text in texts), texts
