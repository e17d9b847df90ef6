"""A second language: marked templates, a complete catalog, the /zh/ edition and its links both ways."""

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import lxml.etree
import lxml.html
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from generator.build import build, check
from generator.problems import ContentError

REPO = Path(__file__).resolve().parents[2]
THEME = REPO / "themes" / "default"
CATALOG = THEME / "locale" / "zh_Hans" / "LC_MESSAGES" / "messages.po"
NOT_WORDS = re.compile(r"^[\w-]*\.(json|csv|schema\.json)$|^'[a-z-]+'$")  # file names, CSP keywords
READER_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder", "label")


class _Text(HTMLParser):
    """Collects the text and reader-facing attribute values left in a template once Jinja is removed."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_data(self, data):
        self.found.append(data)

    def handle_starttag(self, tag, attrs):
        self.found += [value or "" for name, value in attrs if name in READER_ATTRIBUTES]


def bare_text(source: str) -> list[str]:
    """Return the words of a template that no {% trans %} block or _() call marks for translation."""
    source = re.sub(r"\{%-? *trans\b.*?endtrans *-?%\}", "", source, flags=re.S)
    source = re.sub(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", "", source, flags=re.S)
    parser = _Text()
    parser.feed(source)
    return [text.strip() for text in parser.found
            if re.search(r"[A-Za-z]{2,}", text) and not NOT_WORDS.match(text.strip())]


def test_every_template_string_is_marked_for_translation():
    unmarked = {path.name: bare_text(path.read_text("utf-8")) for path in (THEME / "templates").glob("*.html")}
    assert not {name: words for name, words in unmarked.items() if words}


def test_the_lint_finds_an_unmarked_string():
    assert bare_text('<p>{% trans %}Marked{% endtrans %} Not marked <a title="Bare">{{ x }}</a></p>') == \
        ["Not marked", "Bare"]


def _extracted() -> set:
    with (REPO / "babel.cfg").open() as handle:
        methods, options = parse_mapping_cfg(handle)
    return {message[2] if isinstance(message[2], str) else tuple(message[2][:2])
            for message in extract_from_dir(str(REPO), methods, options, keywords={"_": None, "gettext": None,
                                                                                  "ngettext": (1, 2), "N_": None})}


def test_the_chinese_catalog_translates_every_extracted_string_and_nothing_stale():
    catalog = read_po(CATALOG.open("rb"))
    entries = {m.id: m.string for m in catalog if m.id}
    extracted = _extracted()
    assert extracted - set(entries) == set(), "run pybabel extract and update (docs/languages.md)"
    assert set(entries) - extracted == set(), "stale catalog entries"
    untranslated = [key for key, value in entries.items() if not (value if isinstance(value, str) else all(value))]
    assert untranslated == []


@pytest.fixture(scope="module")
def site(shipped_site) -> Path:
    return shipped_site


def _fragments() -> list[str]:
    """Return the English pieces of every UI string (between placeholders and tags), three words or more."""
    pieces = []
    for message in read_po(CATALOG.open("rb")):
        for text in ([message.id] if isinstance(message.id, str) else message.id):
            for piece in re.split(r"%\(\w+\)s|<[^>]+>", text or ""):
                piece = piece.strip(" .,:;()")
                if len(piece.split()) >= 3:
                    pieces.append(piece)
    return pieces


def test_the_chinese_edition_has_no_english_ui_strings(site):
    pieces = _fragments()
    assert len(pieces) > 40
    pages = sorted((site / "zh").rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        root = lxml.html.document_fromstring(path.read_bytes())
        assert root.get("lang") == "zh-Hans"
        # English names of untranslated records, map labels and the titles sources have in their own language
        # (BibTeX and CSL-JSON are data formats, written alike in every language)
        text = " ".join(_text(root, '//*[@lang="en"] | //*[@id="cite-bibtex"] | //*[@id="cite-csl"] | //code'
                                    ' | //ol[contains(concat(" ", normalize-space(@class), " "), " sources ")]',
                                    " ").split())
        found = [piece for piece in pieces if piece in text]
        assert not found, f"{path.relative_to(site)}: {found}"


def _head_links(path: Path) -> tuple[str, list[str]]:
    """Return a page's canonical address and its hreflang alternates, read from its <head> alone."""
    text = path.read_text("utf-8")
    head = BeautifulSoup(text[:text.index("</head>")], "html.parser")
    return head.find("link", rel="canonical")["href"], [a["href"] for a in head.select("link[rel=alternate][hreflang]")]


def test_hreflang_alternates_resolve_both_ways(site):
    heads = {path: _head_links(path) for path in sorted(site.rglob("*.html"))}
    checked = 0
    for path, (own, alternates) in heads.items():
        for href in alternates:
            target = site / href.removeprefix("https://example.org/") / "index.html"
            assert target.is_file(), f"{path}: {href}"
            assert own in heads[target][1], target
            checked += 1
    assert checked > 100


def test_chinese_pages_and_feeds_set_full_width_marks_between_a_label_and_its_value(site):
    """"Label: value", lists and sentences in the Chinese edition take 、：；。 (site/punctuation.py), also in maps'
    titles, page titles and feeds; the English edition keeps its own marks."""
    half = re.compile(r"[\u4e00-\u9fff）][:;,.] ")
    found = []
    for path in sorted((site / "zh").rglob("*")):
        if path.suffix in (".html", ".xml"):
            text = re.sub(r"\[EB/OL\][^<\n]*", "", path.read_text("utf-8"))  # GB/T 7714 references keep theirs
            found += [(path.relative_to(site).as_posix(), text[m.start() - 20:m.end() + 10]) for m in half.finditer(text)]
    assert found == []
    zh = (site / "zh/compare/consent/public/index.html").read_text("utf-8")
    assert "<title>同意：公共部门 · " in zh and "<title>阿富汗：不在本图谱中</title>" in zh  # no English "public sector"
    en = (site / "compare/consent/public/index.html").read_text("utf-8")
    assert "<title>Consent: public sector · " in en and "<title>Afghanistan: Not in the atlas</title>" in en
    pipl = (site / "zh/policies/cn-pipl/index.html").read_text("utf-8")
    assert "。访问于 " in pipl and "生物特征类型：" in pipl


def test_punctuation_falls_back_to_english_marks_for_a_broken_translation():
    from generator.site.punctuation import ENGLISH, punctuation

    assert (ENGLISH.colon, ENGLISH.comma, ENGLISH.semicolon, ENGLISH.stop) == (": ", ", ", "; ", ". ")
    chinese = {"%(label)s: %(value)s": "%(label)s：%(value)s", "%(item)s, %(next)s": "%(item)s、%(next)s"}
    marks = punctuation(lambda text: chinese.get(text, text))
    assert (marks.colon, marks.colon_mark, marks.comma, marks.semicolon) == ("：", "：", "、", "; ")
    broken = {"%(label)s: %(value)s": "%(label)s 是 %(value)s", "%(item)s, %(next)s": "%(item)s、%(nxt)s"}
    assert punctuation(lambda text: broken.get(text, text)) == ENGLISH  # words, or a lost slot: not marks


def test_translated_pages_say_which_version_prevails_and_link_untranslated_records_in_english(site):
    pipl = BeautifulSoup((site / "zh/policies/cn-pipl/index.html").read_text("utf-8"), "html.parser")
    assert "以英文版本为准" in pipl.select_one(".translation-note").get_text()
    assert pipl.h1.get_text() == "中华人民共和国个人信息保护法"
    assert "单独同意" in pipl.get_text()
    assert "2021年8月20日" in pipl.get_text()  # dates by Babel, in the locale's form
    listing = BeautifulSoup((site / "zh/policies/index.html").read_text("utf-8"), "html.parser")
    gdpr = listing.find("a", href="/policies/eu-gdpr/")
    assert gdpr is not None and gdpr["lang"] == "en" and gdpr["hreflang"] == "en"
    assert listing.find("a", href="/zh/policies/cn-pipl/").get("lang") is None
    assert not (site / "zh/policies/eu-gdpr").exists()  # untranslated records have no Chinese page
    switcher = pipl.select("nav.languages a")
    assert [a["href"] for a in switcher] == ["/policies/cn-pipl/", "/zh/policies/cn-pipl/"]


def test_the_exports_stay_neutral_with_a_label_file_per_language(site):
    import json

    labels = json.loads((site / "data/labels.zh-Hans.json").read_text("utf-8"))
    assert labels["dimensions"]["consent"]["values"]["explicit"] == "明示或书面同意"
    assert labels["policies"]["cn-pipl"] == "个人信息保护法" and labels["types"]["statute"] == "法律"
    assert not (site / "zh" / "data" / "atlas.json").exists()


def test_each_language_has_its_feed_and_the_brief_is_translated(site):
    feed = (site / "zh/feed.xml").read_text("utf-8")
    assert 'xml:lang="zh-Hans"' in feed and "https://example.org/zh/" in feed
    brief = BeautifulSoup((site / "zh/briefs/china-proposed-national-biometric-data-bank/index.html")
                          .read_text("utf-8"), "html.parser")
    assert brief.h1.get_text() == "中国拟议中的国家生物识别“数据银行”"
    assert "谈剑锋" in brief.get_text() and "中国 境外" not in brief.get_text()  # no line-break spaces


# -- bad input ------------------------------------------------------------------------------------------

def _with_chinese(mini: Path) -> Path:
    with (mini / "site.yaml").open("a") as handle:
        handle.write("languages:\n  - {code: zh-Hans, prefix: zh, label: 中文}\n")
    return mini


def _problems(mini: Path, tmp_path: Path, day) -> list:
    with pytest.raises(ContentError) as caught:
        build(mini, tmp_path / "out", day)
    return caught.value.problems


def test_a_sidecar_for_an_unlisted_language_is_an_error(mini, tmp_path, day):
    (mini / "policies" / "eu-law.fr.yaml").write_text("translation_of: eu-law\ntitle: Loi\n")
    [problem] = _problems(mini, tmp_path, day)
    assert (problem.path, problem.line, problem.column) == ("content/policies/eu-law.fr.yaml", 1, 1)
    assert "unknown language 'fr'" in problem.message


def test_a_translated_field_that_does_not_exist_is_an_error_at_its_line(mini, tmp_path, day):
    _with_chinese(mini)
    (mini / "policies" / "eu-law.zh-Hans.yaml").write_text("translation_of: eu-law\ntitle: 法\njurisdiction: fr\n")
    [problem] = _problems(mini, tmp_path, day)
    assert (problem.path, problem.line) == ("content/policies/eu-law.zh-Hans.yaml", 3)
    assert "jurisdiction" in problem.message


def test_a_translated_brief_without_its_original_is_an_error(mini, tmp_path, day):
    _with_chinese(mini)
    (mini / "briefs" / "gone.zh-Hans.md").write_text("---\ntranslation_of: gone\ntitle: 无\n---\n正文\n")
    [problem] = _problems(mini, tmp_path, day)
    assert problem.path == "content/briefs/gone.zh-Hans.md" and "no English original" in problem.message


def test_a_translated_value_the_dimension_lacks_is_an_error_at_its_line(mini, tmp_path, day):
    _with_chinese(mini)
    dimension = (mini / "dimensions.yaml").read_text("utf-8").split("id: ", 1)[1].split()[0]
    (mini / "dimensions.zh-Hans.yaml").write_text(f"{dimension}:\n  label: 标签\n  values:\n    nope: {{label: 无}}\n")
    [problem] = _problems(mini, tmp_path, day)
    assert (problem.path, problem.line, problem.column) == ("content/dimensions.zh-Hans.yaml", 4, 5)


def test_two_values_with_one_code_are_an_error_in_either_language(mini, tmp_path, day):
    _with_chinese(mini)
    text = (mini / "dimensions.yaml").read_text("utf-8")
    dimension = text.split("id: ", 1)[1].split()[0]
    first, second = [line.split("id: ", 1)[1].split(",")[0] for line in text.splitlines() if "{id: " in line][:2]
    (mini / "dimensions.zh-Hans.yaml").write_text(
        f"{dimension}:\n  values:\n    {first}: {{code: 同}}\n    {second}: {{code: 同}}\n")
    [problem] = _problems(mini, tmp_path, day)
    assert (problem.path, problem.line) == ("content/dimensions.zh-Hans.yaml", 4) and "code '同'" in problem.message
    (mini / "dimensions.zh-Hans.yaml").unlink()
    lines = text.splitlines()
    at = [i for i, line in enumerate(lines) if "{id: " in line][:2]
    for i in at:
        lines[i] = lines[i].replace("{id: ", '{code: "AB", id: ', 1)
    (mini / "dimensions.yaml").write_text("\n".join(lines) + "\n")
    [problem] = _problems(mini, tmp_path, day)
    assert (problem.path, problem.line) == ("content/dimensions.yaml", at[1] + 1)
    assert "two values have the code 'AB'" in problem.message


def test_a_broken_catalog_is_an_error_naming_the_file_and_line(mini, tmp_path, day):
    _with_chinese(mini)
    locale = mini.parent / "themes" / "mine" / "locale" / "zh_Hans" / "LC_MESSAGES"
    locale.mkdir(parents=True)
    (locale / "messages.po").write_text('msgid ""\nmsgstr ""\n\nmsgid "Search"\nmsgstr "搜索"\nbogus line\n')
    (mini / "site.yaml").write_text((mini / "site.yaml").read_text("utf-8").replace("theme: default", "")
                                    + "theme: mine\n")
    [problem] = _problems(mini, tmp_path, day)
    assert problem.path.endswith("mine/locale/zh_Hans/LC_MESSAGES/messages.po") and problem.line == 6


def test_a_language_without_a_catalog_is_an_error_in_site_yaml(mini, tmp_path, day):
    with (mini / "site.yaml").open("a") as handle:
        handle.write("languages:\n  - {code: fr, prefix: fr, label: Français}\n")
    [problem] = _problems(mini, tmp_path, day)
    assert problem.path == "content/site.yaml" and problem.line > 0 and "no catalog" in problem.message


def test_the_mini_site_builds_a_chinese_edition_of_what_it_has(mini, tmp_path, day):
    _with_chinese(mini)
    out = tmp_path / "out"
    build(mini, out, day)
    home = BeautifulSoup((out / "zh" / "index.html").read_text("utf-8"), "html.parser")
    assert home.html["lang"] == "zh-Hans" and "跳至正文" in home.get_text()
    assert not (out / "zh" / "policies" / "eu-law").exists()


def test_check_warns_of_untranslated_and_stale_catalog_entries_without_failing(mini, tmp_path):
    import subprocess
    import sys

    _with_chinese(mini)
    locale = mini.parent / "themes" / "mine" / "locale" / "zh_Hans" / "LC_MESSAGES"
    locale.mkdir(parents=True)
    (locale / "messages.po").write_text('msgid ""\nmsgstr ""\n\nmsgid "Search"\nmsgstr "搜索"\n\n'
                                        'msgid "Timeline"\nmsgstr ""\n\nmsgid "No template says this"\nmsgstr "无"\n')
    (mini / "site.yaml").write_text((mini / "site.yaml").read_text("utf-8").replace("theme: default", "")
                                    + "theme: mine\n")
    result = subprocess.run([sys.executable, "-m", "generator", "check", "--source", str(mini), "--quiet"],
                            capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0
    assert "messages.po:7:1: warning: 'Timeline' is not translated" in result.stderr
    assert "messages.po:10:1: warning: stale entry 'No template says this'" in result.stderr
    assert "warning: no zh-Hans translation of 'Skip to content'" in result.stderr
    assert "'Search'" not in result.stderr


def test_the_shipped_catalog_gives_check_no_warning():
    """Strings marked N_() in any module of generator/site/ count as used (as babel.cfg extracts them)."""
    from generator.site.catalogs import warnings
    from generator.site.theme import find_theme
    atlas = check(REPO / "content", dt.date(2026, 11, 27))
    theme, _ = find_theme(atlas.site.theme, REPO / "content", atlas.site.origin)
    assert warnings(theme, tuple(language.code for language in atlas.site.languages)) == []


def test_check_finds_the_shipped_catalog_complete_with_labels_from_every_site_module():
    from generator.site.catalogs import used_messages, warnings
    from generator.site.theme import Theme

    theme = Theme((THEME,))
    used = used_messages(theme)
    # marked N_() in site/mapviews.py and site/jswords.py, not views.py: check must see them as babel.cfg does
    assert {"World map.", "Showing %(shown)s of %(total)s jurisdictions", "%(label)s: %(question)s"} <= used
    assert warnings(theme, ("zh-Hans",)) == []


ASCII_WORD = re.compile(r"[A-Za-z]{3,}")


def test_the_chinese_maps_are_labelled_in_chinese(site):
    soup = BeautifulSoup((site / "zh" / "compare" / "consent" / "index.html").read_text("utf-8"), "html.parser")
    maps = soup.select("svg.map")
    assert [m["class"][1] for m in maps] == ["map-world", "map-europe", "map-us"]
    for svg in maps:
        title, desc = svg.find("title").get_text(), svg.find("desc").get_text()
        legend = [t.get_text() for t in svg.select(".legend text")]
        assert not ASCII_WORD.search(title + desc + "".join(legend)), (title, desc, legend)
        assert "：" in title and "。 " not in title  # Chinese punctuation, no space after a full stop
    assert maps[0].find("title").get_text().startswith("世界地图。同意：")
    assert "不在本图谱中" in [t.get_text() for t in maps[0].select(".legend text")]
    # places the atlas does not cover are named in Chinese (Babel's CLDR names), not the map data's English
    world = [t.get_text() for t in maps[0].select(".no-data-areas title")]
    assert "阿富汗：不在本图谱中" in world
    assert sum(bool(ASCII_WORD.search(name)) for name in world) <= 5  # the few with no ISO code: Kosovo, …
    english = BeautifulSoup((site / "compare" / "consent" / "index.html").read_text("utf-8"), "html.parser")
    assert english.select_one("svg.map-world title").get_text().startswith("World map. Consent: ")
    assert "Afghanistan: Not in the atlas" in [t.get_text() for t in english.select("svg.map-world .no-data-areas title")]


def test_lists_and_numbers_follow_each_language(site):
    from babel.lists import format_list

    for path, locale in ((site / "index.html", "en"), (site / "zh" / "index.html", "zh_Hans")):
        soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        groups = [(" ".join(n.get_text().split()), [a.get_text() for a in n.find_all("a")]) for n in soup.select(".names")]
        assert any(len(links) >= 3 for _, links in groups)
        for text, links in groups:  # A, B, and C; A、B和C: Babel's list patterns
            assert text == format_list(links, locale=locale), text
        line = soup.select_one(".research-line").get_text()
        assert re.search(r"\d{1,3}(,\d{3})+ ", line), line  # the count of cells, grouped by Babel


FULL_WIDTH_THEN_SPACE = re.compile(r"[。，、；：！？] ")


def _text(root, dropped: str, separator: str) -> str:
    """Return the text a reader sees of a page parsed by lxml (as BeautifulSoup's get_text(separator), ten times
    quicker), without the elements the XPath `dropped` finds, nor scripts and styles."""
    for element in root.xpath(dropped + " | //script | //style | //template"):
        element.tail = separator + (element.tail or "")
        element.drop_tree()
    return separator.join(root.itertext(tag=lxml.etree.Element))


def test_chinese_pages_set_no_space_after_full_width_punctuation(site):
    """Templates join sentences with a space, as English wants; a Chinese page has none after 。 or ：."""
    pages = sorted((site / "zh").rglob("*.html"))
    assert len(pages) > 100
    for path in pages:
        root = lxml.html.document_fromstring(path.read_bytes())
        text = _text(root, "//textarea | //pre", "")
        assert not FULL_WIDTH_THEN_SPACE.search(text), (path, FULL_WIDTH_THEN_SPACE.search(text))
        for link in root.iter("a"):  # a sentence ending in a link ends with 。, inside the translated sentence
            if link.tail and not link.xpath('ancestor::*[@lang="en"]'):
                assert not link.tail.startswith("."), (path, lxml.html.tostring(link))
    footer = BeautifulSoup((site / "index.html").read_text("utf-8"), "html.parser").select_one(".site-footer p")
    assert re.search(r"\d{4}\.\s+Content", footer.get_text())  # English keeps its space between sentences


def test_tighten_keeps_closing_tags_and_spaces_inside_sentences():
    from generator.site.languages import tighten

    assert tighten("<p><strong>假设。</strong> 若通过：<a>法</a> 和 法。</p>".encode()) == \
        "<p><strong>假设。</strong>若通过：<a>法</a> 和 法。</p>".encode()
    assert tighten(b"It passed. Then: this.") == b"It passed. Then: this."


def test_the_chinese_hypothetical_maps_link_to_chinese_pages(site):
    """The "if enacted" maps are drawn with the edition's views, as the actual maps are."""
    for page in ("zh/compare/consent/index.html", "zh/compare/consent/if-enacted/index.html"):
        soup = BeautifulSoup((site / page).read_text("utf-8"), "html.parser")
        assert soup.select_one('svg.map-world a[data-key="cn"]')["href"] == "/zh/jurisdictions/cn/", page


def test_the_research_table_groups_its_counts_in_both_languages(site):
    for path in (site / "research" / "index.html", site / "zh" / "research" / "index.html"):
        table = BeautifulSoup(path.read_text("utf-8"), "html.parser").select_one("table")
        counts = " ".join(td.get_text() for td in table.select("td"))
        assert re.search(r"\d,\d{3}", counts) and not re.search(r"\d{4}", counts), (path, counts)


def test_check_extracts_again_only_the_templates_changed_since_the_last_check(tmp_path, monkeypatch):
    """used_messages keeps each file's messages while its stat stays the same (a second check in one process)."""
    from generator.site import catalogs
    from generator.site.theme import Theme

    templates = tmp_path / "mine" / "templates"
    templates.mkdir(parents=True)
    (templates / "base.html").write_text("<p>{{ _('Only in this theme') }}</p>\n", encoding="utf-8")
    theme = Theme((tmp_path / "mine", THEME))
    read = []
    extract = catalogs.extract_from_file
    monkeypatch.setattr(catalogs, "extract_from_file", lambda method, path, **kw: read.append(path) or
                        extract(method, path, **kw))
    first = catalogs.used_messages(theme)
    assert "Only in this theme" in first and "Skip to content" not in first  # base.html hides the default's
    assert catalogs.used_messages(theme) == first
    assert read.count(str(templates / "base.html")) <= 1  # read the first time at most (unless kept already)
    read.clear()
    assert catalogs.used_messages(theme) == first and read == []
    (templates / "base.html").write_text("<p>{{ _('Said instead') }}</p>\n", encoding="utf-8")
    (templates / "extra.html").write_text("<p>{{ _('A new template') }}</p>\n", encoding="utf-8")
    again = catalogs.used_messages(theme)
    assert sorted(read) == [str(templates / "base.html"), str(templates / "extra.html")]
    assert {"Said instead", "A new template"} <= again and "Only in this theme" not in again
