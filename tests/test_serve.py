"""`unknot serve`: loopback by default, a loud warning anywhere else, the command each
browser tab runs. (The page itself is tested in a real Chromium: test_browser.py.)"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest

from tui import serve
from tui.cli import main


@pytest.mark.parametrize("host", ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"])
def test_loopback_hosts(host: str) -> None:
    assert serve.is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.10", "example.org", ""])
def test_other_hosts_are_not_loopback(host: str) -> None:
    assert not serve.is_loopback(host)


def test_each_tab_runs_unknot_on_this_data_folder(tmp_path: Path) -> None:
    data = tmp_path / "my data; rm -rf ~"
    command = serve.app_command(data, tmp_path / "cache", Path("cat.toml"))
    assert shlex.split(command) == [
        sys.executable,
        "-m",
        "tui",
        "--data-dir",
        str(data),
        "--cache-dir",
        str(tmp_path / "cache"),
        "--catalog",
        str(Path("cat.toml").absolute()),
    ]


def test_the_page_reaches_the_server_by_a_name_it_can_use() -> None:
    assert serve.public_url("127.0.0.1", 8000) == "http://127.0.0.1:8000"
    assert serve.public_url("::1", 8080) == "http://[::1]:8080"
    assert not serve.public_url("0.0.0.0", 8000).startswith("http://0.0.0.0")


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, int]]:
    calls: list[tuple[str, str, int]] = []
    monkeypatch.setattr(serve, "serve", lambda *args: calls.append(args))
    return calls


def test_serve_binds_to_loopback_by_default_without_a_warning(
    served: list[tuple[str, str, int]], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve"]) == 0
    ((command, host, port),) = served
    assert (host, port) == ("127.0.0.1", 8000)
    assert "--data-dir" in command
    assert capsys.readouterr().err == ""


def test_any_other_host_gets_a_warning_naming_the_data_folder(
    served: list[tuple[str, str, int]],
    capsys: pytest.CaptureFixture[str],
    isolated_data_dir: Path,
) -> None:
    assert main(["serve", "--host", "0.0.0.0", "--port", "9000"]) == 0
    err = capsys.readouterr().err
    assert "NO LOGIN" in err and str(isolated_data_dir) in err
    assert served[0][1:] == ("0.0.0.0", 9000)
