"""The sensitive-word filter: pyahocorasick over the word list in the repository, two levels, folding case and
full-width forms."""

import ahocorasick
import pytest

from reviews import wordfilter


@pytest.fixture
def words(tmp_path, settings):
    path = tmp_path / "words.txt"
    path.write_text("# test list\n[mask]\n坏蛋\nBad\n[hold]\n加微信\nＱＱ\n坏蛋王\n", encoding="utf-8")
    settings.REVIEW_WORDS_FILE = str(path)
    wordfilter.automaton.cache_clear()
    yield path
    wordfilter.automaton.cache_clear()


def test_the_automaton_is_the_librarys_and_built_once_per_process(words):
    first = wordfilter.automaton()

    assert isinstance(first, ahocorasick.Automaton)
    assert wordfilter.automaton() is first
    assert len(first) == 5


def test_mask_words_become_one_mask_character_each_whatever_their_case_or_width(words):
    screened = wordfilter.screen("你这个坏蛋，ＢＡＤ bad BaD")

    assert screened.text == "你这个＊＊，＊＊＊ ＊＊＊ ＊＊＊"
    assert screened.held_words == ()


def test_hold_words_are_named_as_written_and_the_text_left_as_is(words):
    screened = wordfilter.screen("加微信或者qq联系")

    assert screened.held and screened.held_words == ("加微信", "qq")
    assert screened.text == "加微信或者qq联系"


def test_overlapping_words_are_all_found(words):
    screened = wordfilter.screen("坏蛋王来了")

    assert screened.text == "＊＊王来了"  # the mask word inside the longer hold word is masked
    assert screened.held_words == ("坏蛋王",)


def test_a_word_before_any_heading_is_an_error(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text("坏蛋\n", encoding="utf-8")

    with pytest.raises(ValueError):
        wordfilter.read_words(path)


def test_the_repositorys_list_has_both_levels():
    words = wordfilter.read_words(wordfilter.DEFAULT_WORDS_FILE)

    assert wordfilter.MASK in words.values() and wordfilter.HOLD in words.values()
    assert words["加微信"] == wordfilter.HOLD and words["fuck"] == wordfilter.MASK
