"""The sensitive-word filter of reviews: one Aho-Corasick automaton (pyahocorasick) over the maintained word list
reviews/words/sensitive.txt, built once per process on first use.

Two levels: a mask-level word is replaced by ＊ (one per character) and the review is published; a hold-level word
sends the review to the operators' moderation queue. Matching ignores case and the difference between full-width
and half-width forms: the text and the words are folded character by character (NFKC, then casefold) and a
character whose fold is not a single character is kept as it is, so a match's position in the folded text is its
position in the original, and masking replaces exactly the characters written."""

import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import ahocorasick
from django.conf import settings

MASK, HOLD = "mask", "hold"
MASK_CHARACTER = "＊"
DEFAULT_WORDS_FILE = Path(__file__).resolve().parent / "words" / "sensitive.txt"


@dataclass(frozen=True)
class Screened:
    """What the filter made of a text: the text to show (mask-level words masked) and the hold-level words found."""

    text: str
    held_words: tuple[str, ...]

    @property
    def held(self) -> bool:
        return bool(self.held_words)


def fold(text: str) -> str:
    """Each character in its compatibility form, lower case (Ａ -> a, ｑ -> q, 　 -> space); same length as `text`."""
    folded = []
    for character in text:
        form = unicodedata.normalize("NFKC", character).casefold()
        folded.append(form if len(form) == 1 else character)
    return "".join(folded)


def read_words(path: Path) -> dict[str, str]:
    """{folded word: level} from a word list file; a word listed at both levels is held (the stricter)."""
    words: dict[str, str] = {}
    level = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line in (f"[{MASK}]", f"[{HOLD}]"):
            level = line[1:-1]
            continue
        if level is None:
            raise ValueError(f"{path}: the word {line!r} comes before a [mask] or [hold] heading")
        word = fold(line)
        if words.get(word) != HOLD:
            words[word] = level
    return words


@cache
def automaton() -> ahocorasick.Automaton:
    """The automaton of the configured word list, built the first time a process screens a text."""
    path = Path(getattr(settings, "REVIEW_WORDS_FILE", "") or DEFAULT_WORDS_FILE)
    machine = ahocorasick.Automaton()
    for word, level in read_words(path).items():
        machine.add_word(word, (level, len(word)))
    machine.make_automaton()
    return machine


def screen(text: str) -> Screened:
    """Mask the mask-level words of `text` and name the hold-level words it contains (in the order found)."""
    machine = automaton()
    if not text or not len(machine):
        return Screened(text=text, held_words=())
    characters = list(text)
    held: list[str] = []
    for end, (level, length) in machine.iter(fold(text)):
        start = end - length + 1
        if level == MASK:
            characters[start : end + 1] = MASK_CHARACTER * length
        else:
            word = text[start : end + 1]
            if word not in held:
                held.append(word)
    return Screened(text="".join(characters), held_words=tuple(held))
