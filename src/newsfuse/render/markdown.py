"""A :class:`~newsfuse.models.Brief` as Markdown: what the terminal and most editors show."""

from __future__ import annotations

from collections.abc import Iterable

from newsfuse.models import Brief, Claim
from newsfuse.render._common import cite, fmt_number, place_label, status_label

__all__ = ["to_markdown"]

MAX_CLAIMS = 12
MAX_ENTITIES = 20


def _cell(text: object) -> str:
    """Text safe inside a Markdown table cell."""
    return str(text if text is not None else "").replace("|", "\\|").replace("\n", " ")


def _date(value: object) -> str:
    return str(value) if value else ""


def to_markdown(brief: Brief) -> str:
    """Render the brief as Markdown, every summary sentence followed by its citations."""
    out: list[str] = [f"# {brief.title}", ""]
    n = len(brief.sources)
    out.append(
        f"_Brief of {n} source{'s' if n != 1 else ''}. [n] marks the source; a sentence "
        f"with several marks is reported by each of them._"
    )
    out += ["", "## Summary", ""]
    for sentence in brief.summary:
        out.append(f"- {sentence.text} {cite(brief, sentence.sources)}")
    if not brief.summary:
        out.append("_No summary: the articles had no usable English sentences._")

    out += ["", "## Sources", ""]
    for s in brief.sources:
        bits = [f"**{s.label}**"]
        if s.title and s.title != s.label:
            bits.append(f"“{s.title}”")
        if s.published:
            bits.append(str(s.published))
        if s.url:
            bits.append(f"<{s.url}>")
        elif s.path:
            bits.append(f"`{s.path}`")
        if s.duplicate_of:
            bits.append(f"(near-duplicate of {cite(brief, [s.duplicate_of])})")
        out.append(f"{s.number}. " + " — ".join(bits))

    sections: list[tuple[str, list[Claim]]] = [
        ("Sources agree", [c for c in brief.claims if c.status == "corroborated"]),
        ("Reported by one source", [c for c in brief.claims if c.status == "single-source"]),
        ("Sources disagree", [c for c in brief.claims if c.status == "conflicting"]),
    ]
    for heading, claims in sections:
        if not claims:
            continue
        out += ["", f"## {heading}", ""]
        out.extend(_claim_lines(brief, claims[:MAX_CLAIMS]))
        if len(claims) > MAX_CLAIMS:
            out.append(f"- _… and {len(claims) - MAX_CLAIMS} more (see the JSON or HTML brief)_")

    if brief.figures:
        out += ["", "## Figures", "", "| What | Figure | Reported | Status |", "|---|---|---|---|"]
        for f in brief.figures:
            reported = "; ".join(f"{_cell(r.text)} {cite(brief, r.sources)}" for r in f.reported)
            what = f"{f.kind} ({_cell(f.subject)})" if f.subject else f.kind
            status = status_label(f.status) + (f" — {_cell(f.note)}" if f.note else "")
            out.append(f"| {what} | {fmt_number(f.value)} | {reported} | {status} |")

    if brief.events:
        out += [
            "",
            "## Events",
            "",
            "| Date | Event | Actors | Where | Fatalities | Sources |",
            "|---|---|---|---|---|---|",
        ]
        for e in brief.events:
            date = e.event_date.earliest if e.event_date and e.event_date.earliest else ""
            kind = e.sub_event_type + (" (aggregate)" if e.aggregate else "")
            actors = " vs ".join(a for a in (e.actor1, e.actor2) if a)
            where = place_label(e.location) if e.location else ""
            dead = "" if e.fatalities is None else str(e.fatalities)
            by = f" ({_cell(e.attribution)})" if e.attribution else ""
            out.append(
                f"| {_date(date)} | {_cell(kind)} | {_cell(actors)} | {_cell(where)} | {dead} "
                f"| {cite(brief, e.sources)}{by} |"
            )

    if brief.entities:
        out += ["", "## Who's who", ""]
        for ent in brief.entities[:MAX_ENTITIES]:
            aliases = [a for a in ent.aliases if a != ent.name]
            line = f"- **{ent.name}** ({ent.type})"
            if aliases:
                line += " — also " + ", ".join(aliases)
            if ent.roles:
                line += "; " + "; ".join(ent.roles)
            out.append(f"{line} {cite(brief, ent.articles)}")

    resolved = [p for p in brief.places if p.status == "resolved"]
    if brief.places:
        out += [
            "",
            "## Places",
            "",
            "| Place | Resolved | Lat, lon | Country | Kind |",
            "|---|---|---|---|---|",
        ]
        for p in resolved:
            out.append(
                f"| {_cell(p.name)} | {_cell(p.resolved)} | {p.lat:.4f}, {p.lon:.4f} "
                f"| {_cell(p.country)} | {_cell(p.kind)} |"
            )
        for p in brief.places:
            if p.status != "resolved":
                out.append(f"| {_cell(p.name)} | _unresolved: {_cell(p.reason)}_ | | | |")

    if brief.timeline:
        out += ["", "## Timeline", ""]
        for t in brief.timeline:
            when = str(t.earliest) if t.earliest == t.latest else f"{t.earliest} – {t.latest}"
            out.append(f"- **{when}** ({t.precision}) {t.text} {cite(brief, t.sources)}")

    if brief.notes:
        out += ["", "## Notes", ""]
        out.extend(f"- {note}" for note in brief.notes)
    return "\n".join(out) + "\n"


def _claim_lines(brief: Brief, claims: Iterable[Claim]) -> list[str]:
    """One bullet per claim; under it, each other source's own sentence, so a reader sees what
    every outlet actually wrote."""
    lines = []
    for c in claims:
        who = f" — according to {c.attribution}" if c.attribution else ""
        note = f" _({c.note})_" if c.note else ""
        lines.append(f"- {c.text}{who} {cite(brief, c.sources)}{note}")
        for q in c.citations:
            if q.text.strip() != c.text.strip():
                lines.append(f"  - {cite(brief, [q.article_id])} {_quoted(q.text)}")
    return lines


def _quoted(text: str) -> str:
    """A source's sentence in quotation marks, unless it already opens with one (a quote
    sentence: wrapping it again would print ““...”)."""
    text = text.strip()
    return text if text[:1] in "“\"‘'«" else f"“{text}”"
