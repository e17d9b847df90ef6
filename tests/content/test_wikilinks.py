"""[[id]] and [[id|text]] links in briefs: found outside code, with their line and column, also where the text
runs on to the next line (as prose wrapped at a fixed width does), and rendered as links, never left as [[...]]."""

from bs4 import BeautifulSoup

from generator.build import build, check_with_warnings
from generator.content.wikilinks import find_links
from generator.problems import ContentError

BODY = ("Intro [[a]] x\n"
        "- **B.** [[b-id|Mon\n"
        "  tana (2023)]] y `[[code]]` [[c]]\n"
        "\n"
        "[[d|no\n"
        "\n"
        "break]]\n"
        "```\n"
        "[[e]]\n"
        "```\n"
        "[[f]]\n")


def test_links_are_found_with_their_place_also_across_a_line_break():
    found = [(link.target, link.line, link.column) for link in find_links(BODY, 10)]
    # a link's text may not run past a blank line (a new paragraph); code spans and blocks hold no links
    assert found == [("a", 10, 7), ("b-id", 11, 10), ("c", 12, 30), ("f", 20, 1)]


def test_a_link_whose_text_runs_on_to_the_next_line_is_rendered_and_checked(mini, tmp_path, day):
    brief = mini / "briefs" / "second-brief.md"
    brief.write_text(brief.read_text(encoding="utf-8") + "\nSee [[eu-law|the EU\n  law]] and [[fr|France\n  itself]].\n",
                     encoding="utf-8")
    out = tmp_path / "out"
    build(mini, out, day)
    prose = BeautifulSoup((out / "briefs/second-brief/index.html").read_text("utf-8"), "html.parser").select_one(".prose")
    for code in prose.select("code"):
        code.decompose()  # the mini brief shows [[not-a-link]] in code, as it should
    assert "[[" not in prose.get_text() and "]]" not in prose.get_text()
    links = {" ".join(a.get_text().split()): a["href"] for a in prose.select("a")}
    assert links["the EU law"].endswith("/policies/eu-law/") and links["France itself"].endswith("/jurisdictions/fr/")
    brief.write_text(brief.read_text(encoding="utf-8").replace("[[eu-law|the EU", "[[eu-lawz|the EU"), encoding="utf-8")
    try:
        check_with_warnings(mini, day)
    except ContentError as error:
        lines = brief.read_text(encoding="utf-8").splitlines()
        line = next(i for i, text in enumerate(lines, 1) if "[[eu-lawz" in text)
        assert [(p.path, p.line) for p in error.problems if "eu-lawz" in p.message] == [
            ("content/briefs/second-brief.md", line)]
    else:
        raise AssertionError("a link to nothing, wrapped over two lines, was not reported")
