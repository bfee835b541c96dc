"""Who was hit (newsfuse.victims): people named without a number, told apart by the parse."""

from __future__ import annotations

import pytest

from newsfuse.annotate import annotate
from newsfuse.brief import prepare
from newsfuse.figures import compare_figures
from newsfuse.models import Article
from newsfuse.victims import read_hit_people


def _hit(nlp, text: str) -> int | None:  # type: ignore[no-untyped-def]
    found = read_hit_people(nlp, [s.text for s in nlp(text).sents])
    return None if found is None else found.count


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("A man and a woman were shot Saturday night. Both were taken to the hospital.", 2),
        # "also" with a noun of its own: someone else, even with "the"
        (
            "A store clerk was shot during an attempted robbery Sunday night, and the would-be "
            "robber was also shot, police said. Both men were taken to UAB Hospital.",
            2,
        ),
        # the one described as the shooter of the first is someone else
        (
            "A bouncer was shot early Saturday and the man accused of shooting him was wounded "
            "by an off-duty officer. Both men were taken to Methodist Hospital.",
            2,
        ),
        ("A woman was shot in the back. Her boyfriend and her cousin were also wounded.", 3),
        ("A father cleaning his gun accidentally shot himself and his two daughters.", 3),
        (
            "Officers found a man with a gunshot wound to the abdomen. A second victim arrived at "
            "the hospital by private car. A third victim was treated at the scene.",
            3,
        ),
        (
            "A 24-year-old man was shot in the leg and a 19-year-old woman was grazed in the arm. "
            "The man was released from the hospital.",
            2,
        ),
        # the dead are people hit: "died after being shot", "died at the scene"
        (
            "Kevin Armstrong, 31, died at the scene after being shot in the neck. Bouncer Luis "
            "Ortega, 44, was shot in the stomach. Tiana Brooks, 23, and her friend Samantha Reed, "
            "24, were both hit in the legs.",
            4,
        ),
        # a name the tagger took for an organisation; the same name written twice
        (
            "Darnell Hughes, 24, was shot in the chest and was pronounced dead. His younger "
            "sister, 19-year-old Keisha Hughes, was hit in the thigh as she ran toward him.",
            2,
        ),
        ("A 35-year-old woman was grazed by a bullet. Neither man was hit.", 1),
        # one person introduced again, described, and named: still one
        (
            "A man was shot Sunday on Elm Street. Police said a 31-year-old man was found with a "
            "gunshot wound. He was identified as John Carter.",
            1,
        ),
    ],
)
def test_people_hit_are_told_apart(nlp, text: str, count: int) -> None:  # type: ignore[no-untyped-def]
    assert _hit(nlp, text) == count


def test_hits_that_did_not_happen_or_were_not_gunfire_are_not_read(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _hit(nlp, "A homeowner trying to shoot a burglar accidentally shot his girlfriend.") == 1
    text = "One man was shot in the stomach. His friend was struck in the head with the gun."
    assert _hit(nlp, text) == 1
    assert _hit(nlp, "A man was shot. The woman with him was not hurt.") == 1


def test_an_uncountable_plural_or_another_incident_stops_the_reader(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _hit(nlp, "Several people were shot outside a bar early Sunday.") is None
    text = "A man was shot on Main Street. In a separate shooting, a woman was wounded."
    assert _hit(nlp, text) == 1


def _tolls(title: str, text: str) -> tuple[float, float]:
    article = Article.from_text(text, id="a", title=title, published="2016-06-01")
    figures = compare_figures(annotate(prepare([article])))
    own = {f.kind: f.value for f in figures if not f.subject}
    return own.get("killed", 0.0), own.get("injured", 0.0)


def test_figures_count_the_wounded_named_without_a_number(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "A woman was shot in the back. Her boyfriend and her cousin were also wounded."
    assert _tolls("Drive-by shooting", text) == (0, 3)
    text = (
        "Police said a man was shot in the chest and his brother was shot in the hand. A third "
        "man was shot in the foot. All are in stable condition."
    )
    assert _tolls("Shooting at party", text) == (0, 3)


def test_figures_keep_the_article_s_own_number(nlp) -> None:  # type: ignore[no-untyped-def]
    # a number the article writes is its count: the people named beside it are read by it
    text = "Two people were wounded. A man was shot in the arm and a woman was shot in the leg."
    assert _tolls("Two wounded in shooting", text) == (0, 2)


def test_one_of_the_people_hit_who_died_is_the_toll(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "A father cleaning his gun accidentally shot himself and his two daughters, police said. "
        "One of the girls died at the hospital."
    )
    assert _tolls("Father shoots self and daughters", text) == (1, 2)
    text = "Two brothers were shot on their porch. One of the brothers later died at a hospital."
    assert _tolls("Brothers shot", text) == (1, 1)


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("Woman killed in murder-suicide", "A man shot his estranged wife, then turned the gun."),
        ("Father kills son, self", "A man fatally shot his 12-year-old son on Tuesday."),
    ],
)
def test_a_murder_suicide_headline_counts_the_shooter(nlp, title: str, text: str) -> None:  # type: ignore[no-untyped-def]
    assert _tolls(title, text) == (2, 0)


@pytest.mark.parametrize(
    ("title", "text", "tolls"),
    [
        (
            "Panic at party; one man shot",
            "A 22-year-old man was shot in the leg. Two other partygoers were hurt when they fell "
            "while climbing a fence to get away.",
            (0, 1),
        ),
        (
            "Officers shoot, kill man",
            "A man was shot and killed by police. One officer was taken to a hospital with a "
            "broken wrist suffered during the struggle.",
            (1, 0),
        ),
        ("Officer fires at car; driver hurt in crash", "No one was struck by the gunfire.", (0, 0)),
    ],
)
def test_people_hurt_otherwise_than_by_gunfire_are_not_the_wounded(  # type: ignore[no-untyped-def]
    nlp, title: str, text: str, tolls: tuple[int, int]
) -> None:
    assert _tolls(title, text) == tolls


def test_the_dead_among_the_people_hit_are_counted(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Marcus Mitchell, 22, died at the scene. His friend Andre Lee, 24, was shot in the "
        "chest and died later at a hospital. A third man, 30, was grazed in the arm."
    )
    found = read_hit_people(nlp, [s.text for s in nlp(text).sents])
    assert found is not None and (found.count, found.dead) == (3, 2)
    assert _tolls("Two killed in shooting on Oak Street", text)[1] == 1


def test_the_one_person_hit_who_died_is_no_wounded(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "A 9-year-old girl was shot while sitting in a car on Friday night. She was airlifted to "
        "a children's hospital, where she died on Saturday."
    )
    assert _tolls("Girl shot in car", text) == (1, 0)


def test_others_after_people_named_add_to_them(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Medics rushed a woman to the hospital after she had been shot at a party. Police said "
        "five other victims showed up at the hospital with gunshot wounds. A 24-year-old man "
        "was shot in the foot and another was grazed."
    )
    assert _tolls("Shooting at house party", text) == (0, 6)


def test_a_victim_only_the_parse_reads_is_one_wounded(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "A liquor store clerk fired at an armed robber Tuesday night. About 40 minutes later, a "
        "26-year-old man went to St. Joseph's with a gunshot wound to his leg."
    )
    assert _tolls("Clerk shoots at robber", text) == (0, 1)


@pytest.mark.parametrize(
    "text",
    [
        "The family's 3-year-old pit bull was struck and died before they reached a vet.",
        "The car hit a pole, and the 19-year-old driver was taken to a hospital with injuries "
        "from the crash.",
    ],
)
def test_animals_and_crash_injuries_are_no_casualties(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    assert _tolls("Shots fired on Garden Terrace", text) == (0, 0)


def test_his_friend_is_someone_else_unless_the_sentence_names_whose(nlp) -> None:  # type: ignore[no-untyped-def]
    text = (
        "A 16-year-old boy was shot and killed near the high school on Wednesday. His friend was "
        "shot in the hand and treated and released."
    )
    assert _hit(nlp, text) == 2
    text = (
        "A 26-year-old woman was shot to death while driving. Andre Price told reporters that "
        "his daughter was shot by a child in the back seat."
    )
    assert _hit(nlp, text) == 1


def test_a_hit_that_might_happen_is_no_hit(nlp) -> None:  # type: ignore[no-untyped-def]
    assert _hit(nlp, "A man was shot in the leg. A stray bullet might kill a bystander.") == 1
