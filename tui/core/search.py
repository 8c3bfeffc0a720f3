"""Finding exercises by what people type: folded text, slugs, and a ranked word search.

Folding makes `sinav`, `SINAV` and `ŞINAV` all find "Şınav": case is folded, accents are
dropped, and the Turkish dotless ı and dotted İ both become i. The same folding makes the
slugs that open vocabularies (equipment, areas) are compared by, so "Gym Mat", "gym mat"
and "gym-mat" are one value.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

# Letters that carry no combining mark to drop but that people type without their stroke
# or as two letters. Combining marks (U+0300-U+036F: accents, cedillas, the dot of İ
# once casefolded) are dropped after NFKD; other scripts' marks are kept as they are.
_FOLD = str.maketrans(
    {
        "ı": "i",
        "ø": "o",
        "ł": "l",
        "đ": "d",
        "ħ": "h",
        "æ": "ae",
        "œ": "oe",
        **{chr(mark): None for mark in range(0x300, 0x370)},
    }
)
_NOT_WORD = re.compile(r"[\W_]+")
# ASCII text (most of it) splits faster by table: everything but letters and digits is a space.
_ASCII_BREAKS = str.maketrans({chr(c): " " for c in range(128) if not chr(c).isalnum()})


def fold(text: str) -> str:
    """`text` as search compares it: casefolded, without accents; spacing kept."""
    text = text.casefold()
    if text.isascii():
        return text
    # Casefolded again after the decomposition, which can make capitals ("𝔸" is "A").
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    return text.translate(_FOLD)


def words(text: str) -> list[str]:
    """The folded words of `text` (anything but letters and digits separates words)."""
    if text.isascii():
        return text.lower().translate(_ASCII_BREAKS).split()
    return _NOT_WORD.sub(" ", fold(text)).split()


@lru_cache(maxsize=4096)
def slug(text: str) -> str:
    """The value a written name stands for: "Gym Mat" and "gym-mat" are both "gym-mat"."""
    return "-".join(words(text))


class SearchIndex:
    """Every exercise's searchable text, folded once, and a ranked word search over it.

    A query matches an exercise when each of its words is found in the exercise's text
    (name, aliases and `extra`, e.g. areas and equipment). Matches come in four tiers,
    each in catalogue order: the name or an alias starts with the query; every word of the
    query starts a word of the name or an alias; every word starts a word anywhere; the
    rest (a word found inside a longer one).
    """

    __slots__ = ("_haystacks", "_last", "_name_words", "_names")

    def __init__(self, names: Sequence[Sequence[str]], extra: Sequence[Sequence[str]]) -> None:
        # Areas, equipment and positions repeat from exercise to exercise: fold each once.
        folded_text: dict[str, str] = {}

        def norm(text: str) -> str:
            if text not in folded_text:
                folded_text[text] = " ".join(words(text))
            return folded_text[text]

        folded = [[norm(name) for name in group] for group in names]
        # Names each after a newline: "\nq" finds a name that starts with q.
        self._names = ["\n" + "\n".join(group) for group in folded]
        # Words each after a space: " w" finds a word that starts with w.
        self._name_words = [" " + " ".join(group) for group in folded]
        self._haystacks = [
            f"{name_words} {' '.join(map(norm, more))}"
            for name_words, more in zip(self._name_words, extra, strict=True)
        ]
        self._last: tuple[str, list[int]] = ("", list(range(len(self._haystacks))))

    def __len__(self) -> int:
        return len(self._haystacks)

    def candidates(self, query: str) -> list[int]:
        """Indices (in catalogue order) whose text contains every word of `query`.

        Typing narrows: when the new query extends the last one, only the last matches
        are searched again.
        """
        found = words(query)
        joined = " ".join(found)
        last_query, last = self._last
        pool: Sequence[int] = last if joined.startswith(last_query) else range(len(self))
        haystacks = self._haystacks
        result = list(pool)
        for word in found:
            result = [index for index in result if word in haystacks[index]]
        self._last = (joined, result)
        return result

    def rank(self, query: str, indices: Sequence[int]) -> list[int]:
        """`indices` (all matching `query`) by tier, each tier in the order given."""
        found = words(query)
        if not found:
            return list(indices)
        prefix = "\n" + " ".join(found)
        starts = [" " + word for word in found]
        names, name_words, haystacks = self._names, self._name_words, self._haystacks
        first = [index for index in indices if prefix in names[index]]
        if len(first) == len(indices):
            return first
        chosen = set(first)
        rest = [index for index in indices if index not in chosen]
        if len(starts) == 1:  # typing a first word: the common case, without all()
            (start,) = starts
            second = [index for index in rest if start in name_words[index]]
            chosen.update(second)
            rest = [index for index in rest if index not in chosen]
            third = [index for index in rest if start in haystacks[index]]
        else:
            second = [i for i in rest if all(start in name_words[i] for start in starts)]
            chosen.update(second)
            rest = [index for index in rest if index not in chosen]
            third = [i for i in rest if all(start in haystacks[i] for start in starts)]
        chosen.update(third)
        return [*first, *second, *third, *(index for index in rest if index not in chosen)]
