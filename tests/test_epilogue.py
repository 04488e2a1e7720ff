"""The epilogue, 1943: what became of each party, then the Comintern's end, once.

The bundled epilogues are dated after their scenario's end and no later than
1943, each paragraph cites an https page, and the dissolution paragraph comes
from the one shared catalogue; the checker refuses a date inside the game
with its file:line:col; the text mode prints the epilogue after the outcome.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from test_checker import TINY, Broken

from engine.model import Epilogue, span_months
from engine.yamlsafe import read_yaml
from game import narrate
from game.cli import main
from game.files import bundled_ids, open_scenario

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / "scenarios" / "common" / "epilogue.yaml"


def shared_closing() -> dict[str, str]:
    data = read_yaml(str(SHARED)).data
    assert isinstance(data, dict)
    return data["epilogue"]["closing"]


@pytest.mark.parametrize("sid", bundled_ids())
def test_each_bundled_epilogue_is_dated_after_the_game_and_sourced(sid: str) -> None:
    sc = open_scenario(sid)
    paragraphs = sc.epilogue.paragraphs
    assert 3 <= len(paragraphs) <= 5
    for para in sc.epilogue.all_paragraphs():
        first, last = span_months(para.date)
        assert sc.end < first <= last <= "1943-12", para.date
        assert any(item.strip().startswith("https://") for item in para.source.split(";"))
    assert [p.date for p in paragraphs] == sorted(p.date for p in paragraphs)


@pytest.mark.parametrize("sid", bundled_ids())
def test_the_dissolution_is_told_once_from_the_shared_catalogue(sid: str) -> None:
    sc = open_scenario(sid)
    closing = sc.epilogue.closing
    assert closing is not None
    assert closing.model_dump() == shared_closing()
    assert closing.date == "1943-05" and "15 May 1943" in closing.text
    told = [p for p in sc.epilogue.all_paragraphs() if "dissolved" in p.text]
    assert told == [closing]
    text = (ROOT / "scenarios" / f"{sid}.yaml").read_text(encoding="utf-8")
    assert "15 May 1943" not in text  # written once, in the catalogue
    lines = narrate.epilogue_lines(sc.epilogue)
    assert [line.closing for line in lines] == [False] * len(sc.epilogue.paragraphs) + [True]


def test_dates_read_as_months_or_spans() -> None:
    assert narrate.epilogue_date("1943-05") == "May 1943"
    assert narrate.epilogue_date("1937-1938") == "1937-1938"
    assert span_months("1937-1938") == ("1937-01", "1938-12")
    assert narrate.epilogue_lines(Epilogue()) == []


# --- the checker -----------------------------------------------------------------------

EPILOGUE = """
epilogue:
  paragraphs:
    - date: {date}
      text: What came after.
      source: https://en.wikipedia.org/wiki/Comintern
"""


def with_epilogue(tmp_path: Path, date: str, include: bool = False) -> Broken:
    text = TINY + EPILOGUE.format(date=date)
    if include:
        text = text.replace("common/rules.yaml]", "common/rules.yaml, common/epilogue.yaml]", 1)
    return Broken(tmp_path, text)


def test_an_epilogue_date_inside_the_game_is_e218_at_its_place(tmp_path: Path) -> None:
    b = with_epilogue(tmp_path, "1924-12")  # tiny.yaml ends in 1924-12
    problem = b.at("1924-12", after="epilogue:")
    assert problem.code == "E218" and problem.severity == "error"
    assert "not after the scenario's end (1924-12)" in problem.message
    assert b.scenario is None


def test_a_span_that_begins_inside_the_game_is_refused(tmp_path: Path) -> None:
    assert with_epilogue(tmp_path, "1924-1926").at("1924-1926").code == "E218"


def test_an_epilogue_past_1943_is_e218(tmp_path: Path) -> None:
    problem = with_epilogue(tmp_path, "1944-02").at("1944-02")
    assert problem.code == "E218" and "1943-12" in problem.message


def test_a_span_the_wrong_way_round_is_e210(tmp_path: Path) -> None:
    assert with_epilogue(tmp_path, "1930-1928").at("1930-1928").code == "E210"


def test_a_date_in_the_wrong_form_is_a_shape_error(tmp_path: Path) -> None:
    assert with_epilogue(tmp_path, "May 1930").at("May 1930").code == "E200"


def test_a_control_character_in_the_epilogue_is_e216(tmp_path: Path) -> None:
    text = TINY + EPILOGUE.format(date="1925-01").replace("What came after.",
                                                          '"What \\e[2J came after."')
    problem = Broken(tmp_path, text).at('"What')
    assert problem.code == "E216"


def test_the_shared_closing_joins_a_scenario_that_includes_it(tmp_path: Path) -> None:
    b = with_epilogue(tmp_path, "1925-01", include=True)
    assert b.problems == [] and b.scenario is not None
    assert [p.date for p in b.scenario.epilogue.all_paragraphs()] == ["1925-01", "1943-05"]


def test_a_shared_closing_dated_inside_the_game_is_reported_in_the_catalogue(
        tmp_path: Path) -> None:
    common = tmp_path / "common"
    common.mkdir()
    catalogue = SHARED.read_text(encoding="utf-8").replace("date: 1943-05", "date: 1921-05")
    (common / "epilogue.yaml").write_text(catalogue, encoding="utf-8")
    b = with_epilogue(tmp_path, "1925-01", include=True)
    assert len(b.problems) == 1, b.report()
    problem = b.problems[0]
    assert problem.code == "E218" and problem.file == str(common / "epilogue.yaml")
    before = catalogue[:catalogue.index("1921-05")]
    assert (problem.line, problem.col) == (before.count("\n") + 1,
                                           len(before) - before.rfind("\n"))


# --- the text mode ---------------------------------------------------------------------

def test_a_piped_game_ends_with_the_epilogue(tmp_path: Path) -> None:
    answers = "c\n\n" * 80
    proc = subprocess.run(
        [sys.executable, "-m", "game.cli", "play", "usa", "--seed", "2", "--save",
         str(tmp_path / "usa.json")],
        input=answers, capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert out.index("THE END") < out.index("EPILOGUE, TO 1943")
    tail = out[out.index("EPILOGUE, TO 1943"):]
    sc = open_scenario("usa")
    for line in narrate.epilogue_lines(sc.epilogue):
        assert f"  {line.when}" in tail
        assert line.sources[0] in tail
    assert "May 1943: the end of the Communist International" in tail
    assert tail.count("15 May 1943") == 1
    assert max(len(row) for row in tail.splitlines()) <= 78


@pytest.mark.parametrize("sid", bundled_ids())
def test_every_scenario_prints_its_epilogue_at_the_end(sid: str, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    answers = tmp_path / "answers.txt"
    answers.write_text("c\n\n" * 80, encoding="utf-8")
    code = main(["play", sid, "--text", "--seed", "4", "--save", str(tmp_path / "g.json"),
                 "--answers", str(answers)])
    out = capsys.readouterr().out
    assert code == 0
    tail = out[out.index("EPILOGUE, TO 1943"):]
    first = narrate.epilogue_lines(open_scenario(sid).epilogue)[0]
    assert tail.index(first.when) < tail.index("the end of the Communist International")
