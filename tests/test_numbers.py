"""Numbers: counts in digits and words, bounds, ranges, what they count, and what is no count."""

from __future__ import annotations

import pytest

from newsfuse.numbers import parse_number, quantities_from_doc


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12", 12),
        ("1,200", 1200),
        ("2.5 million", 2_500_000),
        ("twelve", 12),
        ("twenty-five", 25),
        ("two hundred and five", 205),
        ("a dozen", 12),
        ("dozens", 12),
        ("tens", 10),
        ("hundreds", 100),
        ("tens of thousands", 10_000),
        ("hundreds of thousands", 100_000),
        ("5,000", 5000),
    ],
)
def test_parse_number_reads_digits_words_and_acled_vague_plurals(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "Raqqa", "many", "the"])
def test_parse_number_returns_none_for_words_that_are_not_numbers(text: str) -> None:
    assert parse_number(text) is None


def _quantities(nlp, text: str):  # type: ignore[no-untyped-def]
    return quantities_from_doc(nlp(text))


def test_casualty_count_gets_its_kind_from_the_passive_verb(nlp) -> None:  # type: ignore[no-untyped-def]
    found = _quantities(nlp, "SANA reported that 12 civilians were killed on Monday evening.")
    assert [(q.value, q.kind, q.qualifier) for q in found] == [(12, "killed", "exact")]


def test_at_least_is_kept_as_the_qualifier_and_in_the_text(nlp) -> None:  # type: ignore[no-untyped-def]
    (q, *_) = _quantities(nlp, "At least 980 civilians were killed across the country in May.")
    assert (q.value, q.qualifier, q.kind) == (980, "at least", "killed")
    assert q.text.lower().startswith("at least")


def test_active_verbs_and_more_than_give_killed_and_injured(nlp) -> None:  # type: ignore[no-untyped-def]
    found = _quantities(nlp, "The attack killed at least 30 and wounded more than 40, police said.")
    assert [(q.value, q.kind, q.qualifier) for q in found] == [
        (30, "killed", "at least"),
        (40, "injured", "more than"),
    ]


def test_ranges_keep_the_lower_and_upper_figure(nlp) -> None:  # type: ignore[no-untyped-def]
    found = _quantities(nlp, "Between 10 and 15 people died and police arrested 5-7 suspects.")
    assert [(q.value, q.upper, q.qualifier, q.kind) for q in found] == [
        (10, 15, "range", "killed"),
        (5, 7, "range", "arrested"),
    ]


def test_vague_plurals_are_lower_bounds_coded_as_acled_does(nlp) -> None:  # type: ignore[no-untyped-def]
    found = _quantities(
        nlp, "Dozens were injured. Fighting has displaced tens of thousands of people."
    )
    assert [(q.value, q.qualifier, q.kind) for q in found] == [
        (12, "at least", "injured"),
        (10_000, "at least", "displaced"),
    ]


def test_number_words_count_and_nouns_give_the_kind(nlp) -> None:  # type: ignore[no-untyped-def]
    found = _quantities(nlp, "Five people were shot dead. Nearly 200,000 people live in the city.")
    assert [(q.value, q.kind, q.qualifier) for q in found] == [
        (5, "killed", "exact"),
        (200_000, "population", "nearly"),
    ]


def test_a_part_named_after_including_keeps_its_own_kind(nlp) -> None:  # type: ignore[no-untyped-def]
    found = _quantities(
        nlp, "Warplanes pounded the village, killing 6 civilians, including 2 women."
    )
    assert [(q.value, q.kind) for q in found] == [(6, "killed"), (2, "civilians")]


@pytest.mark.parametrize(
    "text",
    [
        "ISIS captured the city of Raqqa in 2014.",
        "Kobani 2014 was a turning point.",
        "A 25-year-old man, aged 30, was seen at 10:30.",
        "The group paid $500 for the car.",
        "The first convoy arrived three years ago.",
        "One of them said so. The 3rd brigade moved.",
        "Prices rose by 15 percent.",
        "Officers arrived just before 4 o’clock in the afternoon.",
    ],
)
def test_dates_years_ages_times_money_ordinals_are_not_counts(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert _quantities(nlp, text) == []


def test_offsets_and_sentence_index_point_at_the_number(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "Nothing happened. Later, at least 3 soldiers were killed."
    (q,) = _quantities(nlp, text)
    assert text[q.start : q.end] == q.text == "at least 3"
    assert q.sentence == 1


def test_text_without_numbers_gives_nothing_and_never_fails(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _quantities(nlp, "") == []
    assert _quantities(nlp, "No figures were given — ¿qué? 🙂") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("A half-dozen people were shot overnight.", 6),
        ("Half a dozen people were wounded.", 6),
        ("A dozen people were wounded.", 12),
    ],
)
def test_half_dozen_is_six_not_twelve(nlp, text: str, value: int) -> None:  # type: ignore[no-untyped-def]
    (q,) = _quantities(nlp, text)
    assert q.value == value
    assert text[q.start : q.end] == q.text


def test_half_alone_is_not_a_number() -> None:
    assert parse_number("half") is None
    assert parse_number("a half-dozen") == 6


def test_one_before_a_toll_word_is_a_count_not_a_pronoun(nlp) -> None:  # type: ignore[no-untyped-def]
    found = _quantities(nlp, "He left seven dead and one wounded before he fled.")
    assert [q.value for q in found] == [7, 1]
    assert _quantities(nlp, "One of them said the shooting was an accident.") == []


def test_one_after_a_casualty_verb_or_before_died_is_a_count(nlp) -> None:  # type: ignore[no-untyped-def]
    found = _quantities(nlp, "A gunman opened fire, wounding three people and killing one.")
    assert [(q.value, q.kind) for q in found] == [(3, "injured"), (1, "killed")]
    found = _quantities(nlp, "Both were taken to a hospital, where one died.")
    assert [q.value for q in found] == [1]
    assert _quantities(nlp, "Police said they killed one of the suspects.") == []


def test_coordinates_and_decimals_are_not_counts(nlp) -> None:  # type: ignore[no-untyped-def]
    # a dateline's map coordinates ran into the story: "-83.56046 One boy ..." is no toll of 84
    found = _quantities(nlp, "41.68006 -83.56046 One boy accidentally shot the other boy.")
    assert [q.value for q in found] == [1]
    assert _quantities(nlp, "The bullet was fired from 3.5 metres away.") == []
