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


def fold(text: str) -> str:
    """`text` as search compares it: casefolded, without accents; spacing kept."""
    text = text.casefold()
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text).translate(_FOLD)


def words(text: str) -> list[str]:
    """The folded words of `text` (anything but letters and digits separates words)."""
    return _NOT_WORD.sub(" ", fold(text)).split()


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
        folded = [[" ".join(words(name)) for name in group] for group in names]
        # Names each after a newline: "\nq" finds a name that starts with q.
        self._names = ["\n" + "\n".join(group) for group in folded]
        # Words each after a space: " w" finds a word that starts with w.
        self._name_words = [" " + " ".join(group) for group in folded]
        self._haystacks = [
            f"{name_words} {' '.join(words(' '.join(more)))}"
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
        tiers: tuple[list[int], list[int], list[int], list[int]] = ([], [], [], [])
        for index in indices:
            if prefix in names[index]:
                tiers[0].append(index)
            elif all(start in name_words[index] for start in starts):
                tiers[1].append(index)
            elif all(start in haystacks[index] for start in starts):
                tiers[2].append(index)
            else:
                tiers[3].append(index)
        return [*tiers[0], *tiers[1], *tiers[2], *tiers[3]]
