"""Cleaning: noise lines go (with a reason), body lines stay, stamps give the outlet."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from newsfuse.clean import CleanedText, clean, clean_article, clean_text, detect_outlet
from newsfuse.clean_model import FEATURES, LineModel, line_features, load_line_model
from newsfuse.models import Article

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "benchmarks" / "data" / "cleaning_labels.tsv"

# The seed articles' noise, by line number: captions, video labels and durations, the "Story
# highlights" block, the "CNN —" dateline, image alt text and the contributor line (cnn.txt);
# the run-together photo captions (unattributed.txt). Every other non-empty line is body text.
SEED_NOISE = {
    "cnn.txt": {1, 2, 3, 5, 7, 9, 11, 23, 24, 25, 33, 51},
    "unattributed.txt": {3},
}


def _lines(path: Path) -> dict[int, str]:
    return {
        n: " ".join(line.split())
        for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1)
        if line.strip()
    }


@pytest.mark.parametrize("name", sorted(SEED_NOISE))
def test_seed_noise_lines_are_all_removed(seed_paths: list[Path], name: str) -> None:
    path = next(p for p in seed_paths if p.name == name)
    result = clean(path.read_text(encoding="utf-8"))
    whole_lines = {r.line for r in result.removed if r.text == _lines(path)[r.line]}
    assert whole_lines == SEED_NOISE[name]


@pytest.mark.parametrize("name", sorted(SEED_NOISE))
def test_seed_body_lines_are_all_kept_verbatim(seed_paths: list[Path], name: str) -> None:
    path = next(p for p in seed_paths if p.name == name)
    cleaned, _ = clean_text(path.read_text(encoding="utf-8"))
    kept = cleaned.split("\n")
    body = [line for n, line in _lines(path).items() if n not in SEED_NOISE[name]]
    assert [line for line in kept if line] == body


def test_seed_cnn_dateline_names_the_outlet(seed_articles: list[Article]) -> None:
    cnn = next(a for a in seed_articles if a.path and a.path.endswith("cnn.txt"))
    other = next(a for a in seed_articles if a.path and a.path.endswith("unattributed.txt"))
    assert cnn.outlet == "CNN"
    assert other.outlet is None
    assert cnn.cleaned and other.cleaned
    assert "Source: CNN" not in cnn.text and "Story highlights" not in cnn.text


def test_removed_lines_keep_their_text_line_number_and_reason() -> None:
    text = "Police said two people were hurt.\nRead more: Shooting in Austin\nCopyright 2017 KSAT."
    cleaned, removed = clean_text(text)
    assert cleaned == "Police said two people were hurt."
    assert [(r.line, r.reason, r.text) for r in removed] == [
        (2, "related", "Read more: Shooting in Austin"),
        (3, "copyright", "Copyright 2017 KSAT."),
    ]


def test_cleaning_twice_changes_nothing(seed_paths: list[Path]) -> None:
    for path in seed_paths:
        once, _ = clean_text(path.read_text(encoding="utf-8"))
        twice, removed_again = clean_text(once)
        assert twice == once
        assert removed_again == ()


def test_clean_article_is_idempotent_and_keeps_the_id() -> None:
    article = Article.from_text("CNN —\n\nTroops entered the city on Tuesday, officials said.")
    cleaned = clean_article(article)
    assert cleaned.id == article.id
    assert cleaned.text == "Troops entered the city on Tuesday, officials said."
    assert cleaned.outlet == "CNN"
    assert clean_article(cleaned) is cleaned


def test_outlet_given_by_the_input_is_not_overwritten() -> None:
    article = Article.from_text("CNN —\n\nTroops entered the city, officials said.", outlet="X")
    assert clean_article(article).outlet == "X"


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        ("LOS ANGELES (Reuters) - Police in riot gear closed in before dawn on Monday.", "Reuters"),
        ("BEIRUT (AP) — Rebels shelled the city on Friday, activists said.", "Associated Press"),
        ("Fighting went on all day.\n01:25 - Source: CNN", "CNN"),
        ("Fighting went on.\nCNN’s Jane Doe contributed to this report.", "CNN"),
        ("Fighting went on.\nBy John Smith, Reuters", "Reuters"),
        ("Fighting went on in the north of the city, residents said.", None),
    ],
)
def test_outlet_is_detected_from_stamps_only(text: str, outlet: str | None) -> None:
    assert detect_outlet(text) == outlet


def test_dateline_is_cut_from_the_front_of_a_body_line() -> None:
    text = "LOS ANGELES (Reuters) - Police in riot gear closed in before dawn on Monday."
    result = clean(text)
    assert result.text == "Police in riot gear closed in before dawn on Monday."
    assert [(r.reason, r.text) for r in result.removed] == [("dateline", "LOS ANGELES (Reuters) -")]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Members of the group rest in a camp. (David Warren / Staff Photographer)", "caption"),
        ("FILE - In this June 6, 2017 file photo, fighters gather near Raqqa.", "caption"),
        ("A man walks past a damaged building in Mosul. Photo: REUTERS.", "caption"),
        ("Fighters seen patrolling the old city.", "caption"),
        ("A boy holds a flag in central Homs, Syria, Friday, June 9, 2017.", "caption"),
        ("Image 2 of 8 Police at the scene of the shooting.", "caption"),
        ("01:11 - Source: CNN", "video"),
        ("Media playback is unsupported on your device", "video"),
        ("Story highlights", "highlights"),
        ("Share this article", "share"),
        ("Sign up for our newsletter to get the top headlines", "subscribe"),
        ("We use cookies to improve your experience on our site.", "cookie"),
        ("Subscribe to continue reading.", "paywall"),
        ("Copyright 2017 The Associated Press. All rights reserved.", "copyright"),
        ("Reporting by Tom Perry; Editing by Mark Heinrich", "contributor"),
        ("Who was Kim Jong-nam?", "heading"),
        ("RELATED: Police arrest suspect in earlier shooting", "related"),
        ("farrs@phillynews.com", "contact"),
        ("___", "separator"),
        ("10:20 p.m.", "timestamp"),
        ("Police: Man shot dead outside store in Anson Co.", "headline"),
        ('Text "NEWS" to 12345 to sign up for breaking news alerts', "subscribe"),
        ("Fig. 2 Photographs of the site from the north. Scale bar: 1 m", "caption"),
        ("Jane Roe for The Daily News Police inspect the scene on Friday.", "caption"),
        ("An officer speaks to reporters near the home. | Jane Roe / Sun-Times", "caption"),
        ("John Doe, who pleaded guilty on Thursday in the death of a neighbour.", "caption"),
        ("Police close a road in Stamford, Conn., on Monday, Oct. 17, 2016. More here.", "caption"),
        ("Anonymous accusers:", "heading"),
        ("Officers gather outside a home where they...", "related"),
        ("Share This:", "share"),
        ("This field is for validation purposes and should be left unchanged.", "navigation"),
        ("More: Police arrest man after chase on the interstate", "related"),
        ("If you saw the crash, we’d like to hear from you. Send us a tip.", "promo"),
        ("Have a news tip? Email us at the newsroom address.", "promo"),
        ("http://www.gofundme.com/ab12cd", "link"),
        ("By: Eyewitness News Staff", "byline"),
        ("December 30, 2014", "timestamp"),
    ],
)
def test_kinds_of_noise_are_removed_with_their_reason(line: str, reason: str) -> None:
    body = "Police said two people were taken to hospital on Sunday night."
    after = "The driver was later arrested at his home, a spokesman said."
    cleaned, removed = clean_text(f"{body}\n\n{line}\n\n{after}")
    assert cleaned == f"{body}\n\n{after}"
    assert [r.reason for r in removed] == [reason]


@pytest.mark.parametrize(
    "line",
    [
        "The SDF holds most of the city, a spokesman said on Tuesday.",
        "Kurdish fighters hold the northern half of the city.",
        "Following a few hours of sleep, the group emerged in time for a late brunch nearby.",
        "Police recovered the car in the 4200 block of East 68th Street.",
        "He was seen leaving the building shortly before the blast.",
        "Related charges were filed against two other men on Friday.",
        "“We are shocked,” the family said in a statement.",
        "Updated figures released on Monday show 12 people died in the attack.",
        "Who is to blame is still unclear, investigators said.",
        "Perez, who turned himself in after the Jan. 6 shooting, was sitting in the car.",
        "The treaty, seen in the West as the cornerstone of security, still holds.",
        "Dear Mr. Chairman:",
        "The fire started at 4:30 p.m. on Sunday, officials said.",
        "Police said they got a tip about the stolen car on Monday.",
        "More: the gunman fired at least 30 shots, a witness said.",
    ],
)
def test_body_sentences_that_look_like_noise_are_kept(line: str) -> None:
    body = "Police said two people were taken to hospital on Sunday night."
    cleaned, removed = clean_text(f"{body}\n\n{line}")
    assert removed == ()
    assert cleaned.endswith(line)


def test_a_repeated_line_keeps_its_first_copy() -> None:
    caption = "Flowers are left outside the school gates for the two victims"
    text = f"{caption}.\n\nThe school reopened on Monday, officials said.\n\n{caption}."
    result = clean(text)
    assert result.text == f"{caption}.\n\nThe school reopened on Monday, officials said."
    assert [(r.line, r.reason) for r in result.removed] == [(5, "repeated")]


def test_standfirst_the_lead_repeats_is_removed() -> None:
    standfirst = "A man shot his neighbour and two dogs in Spanish Fork before killing himself."
    lead = (
        "SPANISH FORK — A man shot his neighbour and two dogs late Thursday at a farm in "
        "Spanish Fork before killing himself, police said."
    )
    rest = "The neighbour was taken to hospital in a stable condition."
    result = clean(f"{standfirst}\n\n{lead}\n\n{rest}")
    assert [(r.line, r.reason) for r in result.removed] == [(1, "highlights"), (3, "dateline")]
    assert result.text.endswith(rest)


def test_opening_sentence_followed_by_new_details_is_kept() -> None:
    first = "Two men were shot outside a bar in Knoxville early on Sunday, police said."
    second = "Officers found both men in the car park with wounds to their legs and arms."
    assert clean(f"{first}\n\n{second}").removed == ()


def test_teaser_and_stamped_opening_of_another_story_are_removed() -> None:
    body = "Two men were shot outside a bar on Saturday, police said."
    teaser = "A boy was hit by a car outside his school on Friday."
    other = "(WMC) - A boy was hit by a car outside his school on Friday. He is stable."
    result = clean(f"{body}\n\n{teaser}\n\n{other}\n\nThe bar was closed on Sunday.")
    assert result.text == f"{body}\n\nThe bar was closed on Sunday."
    assert [(r.line, r.reason) for r in result.removed] == [(3, "related"), (5, "related")]


def test_introduction_of_an_embed_the_scrape_lost_is_removed() -> None:
    body = "The singer spoke about her new album at length on Tuesday."
    lost = "In this video interview, she shares her thoughts on touring:"
    result = clean(f"{body}\n\n{lost}")
    assert result.text == body
    assert [r.reason for r in result.removed] == ["embed"]
    quoted = f"{body}\n\nShe said:\n\n“It was the best year of my life.”"
    assert clean(quoted).removed == ()


def test_hard_wrapped_letter_keeps_its_short_lines() -> None:
    wrapped = (
        "The Honorable Jane Doe\n"
        "Chairman, Committee on Intelligence\n"
        "Dear Madam Chairman:\n"
        "This letter responds to the request of the Committee to release the\n"
        "memorandum of its staff. The Executive Branch has reviewed the\n"
        "memorandum with the care it deserves and has found that the public\n"
        "interest in its release outweighs the need to protect the\n"
        "information it holds. Accordingly the President has authorized the\n"
        "release of the memorandum in full, as the Committee asked of him in\n"
        "its letter of last month, and he asks that the Committee work with\n"
        "the Department on the remaining requests.\n"
    )
    result = clean(wrapped)
    assert result.removed == ()
    assert result.text.startswith("The Honorable Jane Doe\nChairman, Committee on Intelligence")


def test_text_from_html_keeps_clock_times_and_short_technical_lines() -> None:
    text = "10 p.m.\n\nThe storm reached the coast.\n\nWi-Fi 6\n\nThe router supports it."
    assert clean(text, markup=True).removed == ()


def test_first_short_line_without_punctuation_becomes_the_title() -> None:
    article = clean_article(
        Article.from_text("Two dead in Dallas club shooting\n\nOne man died, police said.")
    )
    assert article.title == "Two dead in Dallas club shooting"
    assert article.text == "One man died, police said."
    assert article.removed[0].reason == "title"


def test_byline_gives_the_author() -> None:
    article = clean_article(Article.from_text("By Jane Doe\n\nOne man died, police said."))
    assert article.author == "Jane Doe"


_BODY = (
    "Two men were shot outside a bar on Saturday night, police said.",
    "Officers said both men were taken to hospital in stable condition.",
    "The shooting happened shortly after 11 p.m. in the 400 block of Main Street, according to "
    "a police statement.",
    "No arrests have been made.",
)


def _with(line: str, at: int = 2) -> str:
    return "\n\n".join([*_BODY[:at], line, *_BODY[at:]])


def test_line_model_removes_noise_no_rule_describes() -> None:
    text = _with("Get the best of the week in your inbox every Friday")
    assert clean(text, line_model=False).removed == ()
    result = clean(text)
    assert result.text == "\n\n".join(_BODY)
    [removed] = result.removed
    assert removed.line == 5
    assert removed.reason.startswith("noise-like line: likely promotion (model p=")


def test_line_model_never_removes_a_sentence_with_a_verb() -> None:
    for line in ("Area North Detectives are investigating.", "Then all hell broke loose."):
        result = clean(_with(line, at=4))
        assert result.removed == ()
        assert result.text.endswith(line)


def test_short_texts_and_text_from_html_are_left_to_the_rules() -> None:
    promo = "Get the best of the week in your inbox every Friday"
    assert clean(f"{_BODY[0]}\n\n{promo}\n\n{_BODY[1]}").removed == ()
    assert clean(_with(promo), markup=True).removed == ()


def test_line_model_keeps_a_long_sentence_a_rule_would_remove() -> None:
    # a first sentence ending in a weekday and full date reads as an AP caption to the rules;
    # the model, seeing a long paragraph between sentences, keeps it
    scene = (
        "The council first voted to close the plant on Monday, Oct. 17, 2016. The decision "
        "ended a two-year dispute over the site, which neighbours said had polluted the river "
        "for decades, and the company promised to appeal."
    )
    text = _with(scene)
    assert [r.reason for r in clean(text, line_model=False).removed] == ["caption"]
    assert clean(text).removed == ()


def test_shipped_line_model_is_numbers_and_names_only() -> None:
    model = load_line_model()
    assert model is not None and model.features == FEATURES
    assert len(model.trees) >= 20
    assert model.long_threshold >= model.threshold >= 0.5
    raw = json.loads(
        (ROOT / "src" / "newsfuse" / "data" / "clean" / "line_model.json").read_text("utf-8")
    )
    strings: list[str] = []

    def collect(value: object) -> None:
        if isinstance(value, str):
            strings.append(value)
        elif isinstance(value, list):
            for item in value:
                collect(item)
        elif isinstance(value, dict):
            for key, item in value.items():
                strings.append(key)
                collect(item)

    collect(raw)
    allowed = set(FEATURES) | set(model.kinds) | {model.trained_on}
    allowed |= set(raw) | {"feature", "threshold", "left", "right", "value"}
    assert set(strings) <= allowed  # no text, no vocabulary: weights and names only
    assert LineModel.from_dict(model.to_dict()) == model


def test_line_features_depend_on_the_neighbours() -> None:
    lines = ["Police said two people were hurt on Sunday in the city centre.", "Share this"]
    alone = line_features(lines[1:])[0]
    after = line_features(lines)[1]
    assert len(alone) == len(FEATURES) and alone != after
    assert line_features([]) == []


def _labelled_documents(eval_dir: Path) -> dict[tuple[str, str], str]:
    docs: dict[tuple[str, str], str] = {}
    for raw in (eval_dir / "multinews" / "dev.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(raw)
        for k, text in enumerate(row["documents"]):
            docs[("multinews/dev.jsonl", f"{row['id']}:{k}")] = text
    for raw in (eval_dir / "gva" / "documents.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(raw)
        docs[("gva/documents.jsonl", row["doc_id"])] = row["content"]
    return docs


def _scores(eval_dir: Path, splits: set[str] | None = None) -> tuple[float, float, int]:
    """Noise recall, body-loss rate and number of lines on the labelled lines (of ``splits``)."""
    docs = _labelled_documents(eval_dir)
    rows = [
        line.split("\t")
        for line in LABELS.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith(("#", "source\t"))
    ]
    rows = [row for row in rows if splits is None or row[6] in splits]
    removed_by_doc: dict[tuple[str, str], set[int]] = {}
    noise = body = noise_removed = body_removed = 0
    for source, document, number, sha1, label, _reason, _split in rows:
        key = (source, document)
        lines = docs[key].split("\n")
        if key not in removed_by_doc:
            result = clean(docs[key])
            removed_by_doc[key] = {
                r.line for r in result.removed if r.text == " ".join(lines[r.line - 1].split())
            }
        line = " ".join(lines[int(number) - 1].split())
        assert hashlib.sha1(line.encode("utf-8")).hexdigest()[:10] == sha1
        gone = int(number) in removed_by_doc[key]
        if label == "noise":
            noise += 1
            noise_removed += gone
        else:
            body += 1
            body_removed += gone
    return noise_removed / noise, body_removed / body, len(rows)


HELD_OUT = {"blind6"}
LATER = {"blind7"}  # labelled after every change of its session: a gate of its own below


def _development_splits() -> set[str]:
    """The labelled splits the rules were written on and the line model trained on: all but
    the held-out ones."""
    return (
        {
            line.split("\t")[6]
            for line in LABELS.read_text(encoding="utf-8").splitlines()
            if line and not line.startswith(("#", "source\t"))
        }
        - HELD_OUT
        - LATER
    )


def test_quality_gate_on_labelled_scrape_lines(eval_data: Path) -> None:
    """Noise recall and body loss on the development lines (benchmarks/bench_cleaning.py):
    the rules were written and the line model trained on these."""
    recall, body_loss, lines = _scores(eval_data, _development_splits())
    assert lines >= 5000
    assert recall >= 0.95  # measured 0.966 over 5,653 lines
    assert body_loss <= 0.004  # measured 0.0009


def test_issue_3_quality_gate_on_the_held_out_sample(eval_data: Path) -> None:
    """blind6: labelled before the fourth pass changed anything, never trained on, measured
    at labelling (0.929 / 0.57 %) and once at the end."""
    recall, body_loss, lines = _scores(eval_data, HELD_OUT)
    assert lines >= 200
    assert recall >= 0.92  # measured 0.952 (rules alone: 0.833)
    assert body_loss <= 0.012  # measured 0.0057: one list introduction ("Among the details:")


def test_issue_3_quality_gate_on_the_sample_labelled_after_all_changes(eval_data: Path) -> None:
    """blind7: drawn and labelled after every session-2 change, never trained on, measured once
    (0.967 / 0.59 %)."""
    recall, body_loss, lines = _scores(eval_data, LATER)
    assert lines >= 400
    assert recall >= 0.94  # measured 0.967 (rules alone: 0.891)
    assert body_loss <= 0.012  # measured 0.0059: a sidebar box on Thomas Bayes


def _whole_lines_removed(result: CleanedText, lines: list[str]) -> set[int]:
    return {r.line for r in result.removed if r.text == " ".join(lines[r.line - 1].split())}


def test_line_model_adds_recall_on_the_held_out_sample(eval_data: Path) -> None:
    docs = _labelled_documents(eval_data)
    rows = [
        line.split("\t")
        for line in LABELS.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith(("#", "source\t")) and line.endswith("\tblind6")
    ]
    gained = 0
    for key in {(row[0], row[1]) for row in rows}:
        text = docs[key]
        lines = text.split("\n")
        noise = {int(row[2]) for row in rows if (row[0], row[1]) == key and row[4] == "noise"}
        with_model = _whole_lines_removed(clean(text), lines)
        rules_only = _whole_lines_removed(clean(text, line_model=False), lines)
        gained += len(noise & with_model) - len(noise & rules_only)
    assert gained >= 3  # measured 5 more noise lines of 42


# --------------------------------------------------------------------------------------------
# Issue #3 (extraction speed): the rule index only tries the rules whose literal prefixes or
# keys a line contains. It must never skip a rule that would match.


def _sample(items: object, choice: int, extra: int) -> str:
    """A string meant to match a parsed regex sequence: branch ``choice`` (modulo the branch
    count) at every alternation, ``extra`` more repeats than the minimum (capped by the max)."""
    from re import _constants as c  # type: ignore[attr-defined]

    out = []
    for op, arg in items:  # type: ignore[attr-defined]
        if op is c.LITERAL:
            out.append(chr(arg))
        elif op is c.SUBPATTERN:
            out.append(_sample(arg[3], choice, extra))
        elif op is c.BRANCH:
            branches = arg[1]
            out.append(_sample(branches[choice % len(branches)], choice, extra))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT):
            low, high, sub = arg
            out.append(_sample(sub, choice, extra) * min(low + extra, high))
        elif op is c.IN:
            kind, value = arg[0]
            if kind is c.LITERAL:
                out.append(chr(value))
            elif kind is c.RANGE:
                out.append(chr(value[0]))
            elif kind is c.CATEGORY:
                out.append({c.CATEGORY_DIGIT: "4", c.CATEGORY_SPACE: " "}.get(value, "a"))
            elif kind is c.NEGATE:
                out.append("#" if len(arg) > 1 and arg[1] == (c.CATEGORY, c.CATEGORY_WORD) else "a")
        elif op is c.ANY:
            out.append("x")
    return "".join(out)


def test_issue_3_rule_index_never_skips_a_matching_rule() -> None:
    from re import _parser  # type: ignore[attr-defined]

    from newsfuse import clean as cleaning

    rules = cleaning._rules()
    checked = 0
    for i, rule in enumerate(rules):
        parsed = _parser.parse(rule.pattern.pattern)
        for choice in range(6):
            for extra in (0, 1, 2):
                core = _sample(parsed, choice, extra)
                for line in (core, f"Some words before. {core} And after"):
                    lower = line.lower()
                    if not rule.matches(lower):
                        continue
                    n_words = len(line.split())
                    for markup in (False, True):
                        applies = n_words <= rule.max_words and not (
                            markup and (rule.plain_only or rule.reason in cleaning._PLAIN_ONLY)
                        )
                        # brute force: the first rule in order that applies and matches
                        expected = next(
                            (
                                r.reason
                                for r in rules[: i + 1]
                                if n_words <= r.max_words
                                and not (
                                    markup and (r.plain_only or r.reason in cleaning._PLAIN_ONLY)
                                )
                                and r.matches(lower)
                            ),
                            None,
                        )
                        got = cleaning._rule_reason(line, n_words, markup)
                        if applies:
                            assert got is not None, (rule.pattern.pattern, line, markup)
                            assert expected is not None
                            if expected is not None and expected != rule.reason:
                                continue  # an earlier rule wins, as it should
                        if expected is not None:
                            assert got == expected, (rule.pattern.pattern, line, markup)
                        checked += 1
    # the samples must exercise most rules, or this test proves nothing
    assert checked >= 2 * len(rules)
    covered = sum(
        1
        for rule in rules
        if any(
            rule.matches(_sample(_parser.parse(rule.pattern.pattern), k, e).lower())
            for k in range(6)
            for e in (0, 1, 2)
        )
    )
    assert covered >= 0.8 * len(rules)


def test_issue_3_rule_index_agrees_with_every_rule_on_the_seed_articles() -> None:
    from newsfuse import clean as cleaning

    lines = [
        " ".join(line.split())
        for path in sorted((ROOT / "examples" / "raqqa").glob("*.txt"))
        for line in path.read_text(encoding="utf-8").split("\n")
        if line.strip()
    ]
    lines += [
        "Share",
        "Advertisement",
        "Follow us on Twitter",
        "© 2017 Reuters. All rights reserved.",
    ]
    for line in lines:
        n_words = len(line.split())
        for markup in (False, True):
            expected = next(
                (
                    r.reason
                    for r in cleaning._rules()
                    if n_words <= r.max_words
                    and not (markup and (r.plain_only or r.reason in cleaning._PLAIN_ONLY))
                    and r.matches(line.lower())
                ),
                None,
            )
            assert cleaning._rule_reason(line, n_words, markup) == expected, line
    assert any(cleaning._rule_reason(line, len(line.split()), True) for line in lines)
