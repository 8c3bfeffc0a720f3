"""`unknot serve` in a real headless Chromium: the first screen (Today), a search in the
catalogue, a session started and paused, a handout downloaded.

The page draws the terminal on a canvas, so the DOM holds no text. The test reads what
the app sends to the page (a hook on the page's WebSocket, installed before the page's
own script runs), looks at screenshots, and checks what the app writes to its data
folder. Keys reach the app only once a click has given the terminal focus.

Skipped, with the reason, where Chromium or Playwright is missing; `UNKNOT_REQUIRE_BROWSER=1`
(set by .ci/run) turns that skip into a failure, so CI always runs it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from history_support import clear_safety_check
from support import CATALOGUE_IDS

from tui.core.paths import DataPaths
from tui.core.routine import Routine, RoutineEntry
from tui.core.store.checkpoint import checkpoint_path
from tui.core.store.routines import RoutineStore

CHROMIUM = os.environ.get("UNKNOT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
#: The flags that let Chromium run here: as root, with no GPU and a closed network.
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Records what the app sends (terminal output) and which URLs the page opens (downloads).
HOOKS = """
(() => {
  const Native = window.WebSocket;
  const decoder = new TextDecoder();
  window.__unknotOutput = "";
  window.__unknotOpened = [];
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        if (event.data instanceof ArrayBuffer) {
          window.__unknotOutput += decoder.decode(event.data, { stream: true });
        }
      });
    }
  };
  window.open = (url) => { window.__unknotOpened.push(String(url)); return null; };
})();
"""


def browser_missing() -> str | None:
    if not os.path.exists(CHROMIUM):
        return f"Chromium is not installed ({CHROMIUM}; Debian: apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[test]')"
    return None


@pytest.fixture
def browser_ready() -> None:
    reason = browser_missing()
    if reason is None:
        return
    if os.environ.get("UNKNOT_REQUIRE_BROWSER") == "1":
        pytest.fail(f"the browser test is required here, but {reason}")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path, isolated_data_dir: Path, browser_ready: None) -> Iterator[str]:
    """`unknot serve` on a free loopback port, with a routine of one short exercise and
    the safety check answered (so a session starts without asking it)."""
    RoutineStore(DataPaths(isolated_data_dir)).create(
        Routine(name="Browser check", exercise=(RoutineEntry(id="bridge"),))
    )
    clear_safety_check(DataPaths(isolated_data_dir))
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")
    command = [sys.executable, "-m", "tui", "--data-dir", str(isolated_data_dir), "serve"]
    process = subprocess.Popen(
        [*command, "--port", str(port)], stdout=log, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError((tmp_path / "serve.log").read_text()) from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def wait_for(
    check: Callable[[], Any], what: str, page: Any = None, shots: Path | None = None
) -> Any:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.1)
    if page is not None and shots is not None:
        page.screenshot(path=str(shots / "timed-out.png"))
    raise AssertionError(f"timed out waiting for {what}")


def test_a_session_in_a_real_browser(server: str, tmp_path: Path, isolated_data_dir: Path) -> None:
    from playwright.sync_api import sync_playwright

    shots = Path(os.environ.get("UNKNOT_BROWSER_SHOTS") or tmp_path / "shots")
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.add_init_script(HOOKS)
            page.goto(server)

            def output() -> str:
                return str(page.evaluate("window.__unknotOutput"))

            def shows(*texts: str, since: int = 0) -> Callable[[], bool]:
                return lambda: all(text in output()[since:] for text in texts)

            # The first screen: Today, welcoming someone with no session yet.
            wait_for(shows("Welcome to Unknot", "Get started"), "the first screen", page, shots)
            page.wait_for_timeout(300)
            first = page.screenshot(path=str(shots / "1-first-screen.png"))

            # A click gives the terminal focus (on the notice line: it does nothing there).
            box = page.locator("#terminal").bounding_box()
            assert box is not None
            page.mouse.click(box["x"] + box["width"] / 4, box["y"] + box["height"] - 28)

            # The catalogue, its list and its key bar.
            count = len(CATALOGUE_IDS)
            mark = len(output())
            page.keyboard.press("2")
            catalogue = shows("Knee to chest", "Search", f"{count}/{count}", since=mark)
            wait_for(catalogue, "the catalogue", page, shots)
            page.wait_for_timeout(300)
            mark = len(output())
            # Keys at a person's pace: an escape and a key sent together read as alt+key.
            page.keyboard.press("/")
            page.wait_for_timeout(300)
            page.keyboard.type("bridge", delay=60)
            # The count of matches, drawn as a text of its own: "1/28".
            narrowed = re.compile(rf"m1/{count}\x1b")
            wait_for(lambda: narrowed.search(output()[mark:]), "the search to narrow", page, shots)
            page.wait_for_timeout(300)
            searched = page.screenshot(path=str(shots / "2-search.png"))
            assert searched != first

            # The routine builder, then a handout delivered as a download.
            page.keyboard.press("Escape")
            page.wait_for_timeout(300)
            mark = len(output())
            page.keyboard.press("3")
            wait_for(shows("Browser check", since=mark), "the routines", page, shots)
            page.keyboard.press("p")
            opened = wait_for(
                lambda: page.evaluate("window.__unknotOpened"), "a download", page, shots
            )
            response = page.request.get(opened[0])
            assert response.ok
            assert "attachment" in response.headers["content-disposition"]
            assert "browser-check.md" in response.headers["content-disposition"]
            assert response.text().startswith("# Browser check")

            # A session: start, skip the pain question, then pause it.
            mark = len(output())
            page.keyboard.press("s")
            wait_for(shows("pain", since=mark), "the pain question", page, shots)
            page.wait_for_timeout(300)
            page.keyboard.press("Escape")
            wait_for(shows("Bridge", since=mark), "the session", page, shots)
            page.wait_for_timeout(300)
            page.screenshot(path=str(shots / "3-session.png"))
            page.keyboard.press(" ")
            saved = checkpoint_path(DataPaths(isolated_data_dir))

            def paused() -> bool:
                try:
                    data = json.loads(saved.read_text())
                except (OSError, ValueError):
                    return False
                return bool(data.get("session", {}).get("paused"))

            wait_for(paused, "the paused session's checkpoint", page, shots)
            page.wait_for_timeout(300)
            pause_shot = page.screenshot(path=str(shots / "4-paused.png"))
            assert pause_shot != searched
            state = json.loads(saved.read_text())
            assert state["routine_name"] == "Browser check"
        finally:
            browser.close()
