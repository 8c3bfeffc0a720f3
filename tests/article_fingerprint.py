"""The source article as fingerprints of its 9-word runs, so a test can prove that no run of
more than 8 words was copied into the catalogue without the article itself in the repo.

Each run of 9 consecutive words (lower case, apostrophes dropped, anything else that is not
a letter or digit a word break) is hashed; tests/data/article-runs.txt holds the hashes.
Run this file to write it again from the article (after the article changes):

    .venv/bin/python tests/article_fingerprint.py /path/to/shared/source/article.txt
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
from collections.abc import Iterator
from pathlib import Path

RUN = 9
"""Words in a run that must not be copied (more than 8)."""
HERE = Path(__file__).resolve().parent
FINGERPRINT = HERE / "data" / "article-runs.txt"


def words(text: str) -> list[str]:
    text = text.lower().replace("'", "").replace("\u2019", "")
    return re.findall(r"[^\W_]+", text)


def runs(text: str) -> Iterator[tuple[str, ...]]:
    found = words(text)
    for start in range(len(found) - RUN + 1):
        yield tuple(found[start : start + RUN])


def digest(run: tuple[str, ...]) -> str:
    return hashlib.blake2b(" ".join(run).encode(), digest_size=6).hexdigest()


def fingerprint(text: str) -> set[str]:
    return {digest(run) for run in runs(text)}


def load() -> set[str]:
    lines = FINGERPRINT.read_text(encoding="utf-8").splitlines()
    return {line for line in lines if line and not line.startswith("#")}


def find_article() -> Path | None:
    """The article, where a checkout with the shared folder beside it has it."""
    candidates = [os.environ.get("UNKNOT_ARTICLE", "")]
    for shared in (HERE.parent.parent / "shared", Path("/work/shared")):
        candidates += [str(path) for path in sorted((shared / "source").glob("*.txt"))]
    return next((Path(c) for c in candidates if c and Path(c).is_file()), None)


def main(argv: list[str]) -> int:
    article = Path(argv[0]) if argv else find_article()
    if article is None:
        print("usage: article_fingerprint.py ARTICLE.txt", file=sys.stderr)
        return 2
    hashes = sorted(fingerprint(article.read_text(encoding="utf-8")))
    header = (
        f"# blake2b-48 of every {RUN}-word run of the source article; see article_fingerprint.py\n"
    )
    FINGERPRINT.write_text(header + "\n".join(hashes) + "\n", encoding="utf-8")
    print(f"{FINGERPRINT}: {len(hashes)} runs")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
