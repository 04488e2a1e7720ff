"""Sources a teacher can trust, and no research doubts in what the player reads.

Every `source:` of every bundled scenario (events, timeline points, envoys,
history steps, initiatives, the historical outcome and the epilogue's
paragraphs) is split on ";". Each
item must be either

- a bare URL on a host of the allow-list below (an encyclopedia, a
  university, an archive or museum, or a library of primary texts), and for
  Wikipedia the article itself rather than a mobile, diff or old-revision
  page; or
- a reference work written `Author, Title (Year)`.

No item may name a host of the deny-list (mirrors and copies of other
sites), or say "unconfirmed" or "fact sheet": doubts belong in YAML comments.
The texts the player reads must not say so either.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from engine.model import Scenario
from game.files import bundled_ids, open_scenario

# The example mods are checked like the bundled scenarios: examples/mods/ID/ID.yaml.
EXAMPLES = {p.stem: str(p) for p in sorted(
    (Path(__file__).resolve().parents[1] / "examples" / "mods").glob("*/*.yaml"))
    if p.stem == p.parent.name}

# Hosts whose pages may be cited, each with why it is trusted. A host matches
# itself and its subdomains (www.britannica.com matches britannica.com).
ALLOWED_HOSTS = {
    # Encyclopedias: the article itself (see WIKIPEDIA below for the path).
    "en.wikipedia.org": "Wikipedia in English, the canonical article",
    "de.wikipedia.org": "Wikipedia in German",
    "it.wikipedia.org": "Wikipedia in Italian",
    "fr.wikipedia.org": "Wikipedia in French",
    "zh.wikipedia.org": "Wikipedia in Chinese",
    "britannica.com": "Encyclopaedia Britannica",
    "encyclopedia.com": "encyclopedia.com, reprints of published reference works",
    "treccani.it": "Istituto dell'Enciclopedia Italiana (Treccani)",
    # Libraries of primary texts.
    "marxists.org": "Marxists Internet Archive: primary texts of the movement",
    "en.wikisource.org": "Wikisource: scans and transcriptions of public-domain texts",
    "de.wikisource.org": "Wikisource in German",
    "bibliotecaginobianco.it": "Biblioteca Gino Bianco: scans of Italian labour periodicals",
    # Archives, museums and public institutions of history.
    "dhm.de": "Deutsches Historisches Museum (LeMO)",
    "bundesarchiv.de": "the German federal archives",
    "bpb.de": "Bundeszentrale fuer politische Bildung, the German civic-education agency",
    "hdbg.de": "Haus der Bayerischen Geschichte, the Bavarian history museum",
    "historisches-lexikon-bayerns.de": "Historisches Lexikon Bayerns (Bavarian State Library)",
    "bavarikon.de": "bavarikon, the Bavarian state's portal of its collections",
    "nsdoku.de": "NS-Dokumentationszentrum Muenchen, the city's museum of the Nazi era",
    "kommunismusgeschichte.de": "Bundesstiftung zur Aufarbeitung der SED-Diktatur "
                                "(Weber and Herbst's biographical handbook)",
    "nationalarchives.gov.uk": "The National Archives of the United Kingdom",
    "ncm.org.uk": "National Coal Mining Museum for England",
    "paperspast.natlib.govt.nz": "Papers Past, the National Library of New Zealand's scans "
                                 "of newspapers",
    "history.state.gov": "Office of the Historian, US Department of State",
    "loc.gov": "Library of Congress",
    "archives.gov": "US National Archives",
    "wisconsinhistory.org": "Wisconsin Historical Society, a state archive and museum",
    "fondazionegramsci.org": "Fondazione Gramsci, the archive of the Italian communist party",
    "biblio.toscana.it": "the public library network of the Region of Tuscany",
    # Universities and their presses.
    "nsarchive.gwu.edu": "National Security Archive, George Washington University",
    "uni-saarland.de": "Saarland University",
    "cambridge.org": "Cambridge University Press",
    "let.rug.nl": "University of Groningen",
}
# Any host under these suffixes is a university's.
UNIVERSITY_SUFFIXES = (".edu", ".ac.uk")

# Mirrors and copies of other sites' pages, never to be cited even in passing.
DENIED_HOSTS = (
    "wiki.li", "zxc.wiki", "osmarks.net", "wikiless", "memim.com", "liquisearch.com",
    "en-academic.com", "de-academic.com", "academic.ru", "knowledgr.com", "knowledger.de",
    "250x.com", "kampuspedia.com", "thefullwiki.org", "worddisk.com", "richxsearch.com",
    "abcdef.wiki", "cydlabs.com", "slovar.cc", "piglix.com", "infogalactic.com",
    "wikisum.wiki", "fact-index.com", "hmong.in.th", "gutenberg.us", "niidae.com",
    "christianpedia.com", "uncensored-wiki.com", "marxists-malta.org", "docslib.org",
    "dokumen.pub", "studmed.ru", "bibliboba.online", "bloat.cat",
)

WIKIPEDIA = re.compile(r"^[a-z]{2}\.wikipedia\.org$")
NOT_AN_ARTICLE = re.compile(r"^(special|speciale|spezial|spécial|file|datei|talk|user):",
                            re.IGNORECASE)
# `Author, Title (Year)`: an author of at least two words (initials count),
# a title with a letter in it, and a four-digit year in parentheses.
REFERENCE = re.compile(r"^(?P<author>[A-Z][\w.'-]*(?: [\w.'-]+)+(?: and [\w. '-]+)?), "
                       r"(?P<title>.*[A-Za-z].*) \((?P<year>1[89]\d\d|20\d\d)\)$")
DOUBTS = re.compile(r"fact sheet|unconfirmed", re.IGNORECASE)


@cache
def scenario(sid: str) -> Scenario:
    return open_scenario(EXAMPLES.get(sid, sid))


def sources(sc: Scenario) -> Iterator[tuple[str, str]]:
    """(field, source) for every cited part of a scenario."""
    for e in sc.events:
        yield f"events[{e.id}].source", e.source
    for t in sc.timeline:
        yield f"timeline[{t.date}].source", t.source
    for v in sc.envoys:
        yield f"envoys[{v.name}].source", v.source
    for h in sc.history:
        yield f"history[{h.start}].source", h.source
    for i in sc.initiatives:
        yield f"initiatives[{i.id}].source", i.source
    yield "historical.source", sc.historical.source
    for p in sc.epilogue.all_paragraphs():
        yield f"epilogue[{p.date}].source", p.source


def player_texts(sc: Scenario) -> Iterator[tuple[str, str]]:
    """(field, text) for everything the player reads."""
    yield "question", sc.question
    yield "briefing", sc.briefing
    for r in sc.regions:
        yield f"regions[{r.id}].summary", r.summary
    for e in sc.events:
        yield f"events[{e.id}].title", e.title
        yield f"events[{e.id}].text", e.text
    for i in sc.initiatives:
        yield f"initiatives[{i.id}].title", i.title
        yield f"initiatives[{i.id}].text", i.text
        if i.setback is not None:
            yield f"initiatives[{i.id}].setback.name", i.setback.name
            yield f"initiatives[{i.id}].setback.text", i.setback.text
    for v in sc.envoys:
        yield f"envoys[{v.name}].note", v.note
    for h in sc.history:
        yield f"history[{h.start}].note", h.note
    for t in sc.timeline:
        yield f"timeline[{t.date}].note", t.note
    for g in sc.goals:
        yield f"goals[{g.id}].text", g.text
    for o in sc.outcomes:
        yield f"outcomes[{o.id}].name", o.name
        yield f"outcomes[{o.id}].text", o.text
    yield "historical.text", sc.historical.text
    for p in sc.epilogue.all_paragraphs():
        yield f"epilogue[{p.date}].text", p.text
    for a in sc.actions:
        yield f"actions[{a.id}].name", a.name
        yield f"actions[{a.id}].summary", a.summary
        yield f"actions[{a.id}].setback.text", a.setback.text
        if a.trust_rule is not None:
            yield f"actions[{a.id}].trust_rule.reason", a.trust_rule.reason
    for line in sc.lines:
        yield f"lines[{line.id}].summary", line.summary


def host_allowed(host: str) -> bool:
    if host.endswith(UNIVERSITY_SUFFIXES):
        return True
    return any(host == h or host.endswith("." + h) for h in ALLOWED_HOSTS)


def problem_with(item: str) -> str | None:
    """Why a source item cannot be trusted, or None if it can."""
    lowered = item.lower()
    if DOUBTS.search(item):
        return "a doubt, not a source (put it in a YAML comment)"
    for denied in DENIED_HOSTS:
        if denied in lowered:
            return f"names {denied}, a mirror or copy of another site"
    if re.match(r"^https?://", item):
        if " " in item:
            return "a URL followed by words (put remarks in a YAML comment)"
        parts = urlsplit(item)
        host = (parts.hostname or "").lower()
        if not host_allowed(host):
            return f"{host} is not on the allow-list of trusted publishers"
        if WIKIPEDIA.match(host):
            if not parts.path.startswith("/wiki/") or parts.query:
                return "not the Wikipedia article itself (use https://xx.wikipedia.org/wiki/Title)"
            if NOT_AN_ARTICLE.match(unquote(parts.path[len("/wiki/"):])):
                return "a Wikipedia special page, not an article"
        return None
    if "://" in item or "www." in lowered:
        return "a web address without http(s)://"
    if not REFERENCE.match(item):
        return "neither a URL nor a reference work written 'Author, Title (Year)'"
    return None


def source_problems(sid: str) -> list[str]:
    out = []
    for field, source in sources(scenario(sid)):
        for item in (part.strip() for part in source.split(";")):
            why = "an empty item" if not item else problem_with(item)
            if why:
                out.append(f"{sid}: {field}: {item!r}: {why}")
    return out


@pytest.mark.parametrize("sid", bundled_ids() + sorted(EXAMPLES))
def test_every_source_is_trustworthy(sid: str) -> None:
    problems = source_problems(sid)
    assert not problems, f"{len(problems)} untrusted source item(s):\n" + "\n".join(problems)


@pytest.mark.parametrize("sid", bundled_ids() + sorted(EXAMPLES))
def test_player_texts_hold_no_research_doubts(sid: str) -> None:
    problems = [f"{sid}: {field}: ...{text[max(0, m.start() - 40):m.end() + 20]}..."
                for field, text in player_texts(scenario(sid))
                for m in [DOUBTS.search(text)] if m]
    assert not problems, "doubts belong in YAML comments:\n" + "\n".join(problems)


@pytest.mark.parametrize("item", [
    "https://en.wikipedia.org/wiki/March_Action",
    "https://www.britannica.com/event/Aventine-secession",
    "https://www.dhm.de/lemo/kapitel/weimarer-republik/innenpolitik/deutscher-oktober-1923.html",
    "Hermann Weber, Die Wandlung des deutschen Kommunismus (1969)",
    "E. H. Carr, Twilight of the Comintern, 1930-1935 (1982)",
    "Kevin McDermott and Jeremy Agnew, The Comintern (1996)",
])
def test_trusted_items_pass(item: str) -> None:
    assert problem_with(item) is None


@pytest.mark.parametrize("item", [
    "https://de.wiki.li/Deutscher_Oktober",
    "https://www.leftvoice.org/?p=20446",
    "https://it.m.wikipedia.org/wiki/Speciale:DiffMobile/118149856",
    "https://de.wikipedia.org/w/index.php?oldid=747861",
    "https://en.wikipedia.org/wiki/Special:Search",
    "http://ciml.250x.com/archive/comintern/english/x.html",
    "unconfirmed (fact sheet 1.6)",
    "the source document",
    "https://en.wikipedia.org/wiki/Kapp_Putsch (the dates only)",
])
def test_untrusted_items_fail(item: str) -> None:
    assert problem_with(item) is not None
