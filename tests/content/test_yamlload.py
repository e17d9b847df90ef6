from generator.content.textfiles import read_text, split_front_matter
from generator.content.yamlload import parse_yaml


def test_values_keep_line_and_column():
    located, problems = parse_yaml("a: 1\nb:\n  - x\n  - {c: 2021-03-04}\n", "f.yaml")
    assert problems == []
    assert located.data == {"a": 1, "b": ["x", {"c": "2021-03-04"}]}  # dates stay text
    assert located.position(("b", 1, "c")).column == 9
    assert located.position(("b", 0)).line == 3


def test_unknown_path_falls_back_to_nearest_ancestor():
    located, _ = parse_yaml("a:\n  b: 1\n", "f.yaml")
    assert located.position(("a", "missing")).line == 2


def test_duplicate_key_is_a_problem_with_its_line():
    _, problems = parse_yaml("a: 1\nb: 2\na: 3\n", "f.yaml")
    assert [(p.line, p.message) for p in problems] == [(3, "duplicate key 'a'")]


def test_tab_indentation_gets_a_hint():
    _, problems = parse_yaml("a:\n\tb: 1\n", "f.yaml")
    assert problems[0].line == 2 and "tabs" in problems[0].hint


def test_syntax_error_names_line():
    _, problems = parse_yaml("a: [1, 2\nb: 3\n", "f.yaml")
    assert problems and problems[0].path == "f.yaml" and problems[0].line >= 1


def test_a_bracket_left_open_is_named_where_it_opens():
    """The parser stops where it finds the next field; the hint names the line where the bracket was opened."""
    _, problems = parse_yaml("title: x\nsummary: [an unclosed\n  more text\njurisdictions: [a]\n", "f.yaml")
    assert [(p.line, p.column) for p in problems] == [(4, 14)]
    assert "the '[' on line 2 (column 10) is not closed" in problems[0].hint and "']'" in problems[0].hint
    _, problems = parse_yaml("meta: {a: 1\nb: 2\n", "f.yaml", line_offset=3)  # as in a brief's front matter
    assert "the '{' on line 4 (column 7)" in problems[0].hint


def test_a_quote_left_open_is_reported_where_it_opens_not_past_the_end():
    for quote in ('"', "'"):
        _, problems = parse_yaml(f"title: x\nsummary: {quote}an unclosed\ndate: 2020-01-01\n", "f.yaml")
        assert [(p.line, p.column) for p in problems] == [(2, 10)], quote
        assert f"opens with {quote} here is never closed" in problems[0].hint
    _, problems = parse_yaml('summary: "a tab\there, in the text\n', "f.yaml")  # text, not indentation
    assert "never closed" in problems[0].hint and "tabs" not in problems[0].hint


def test_alias_bomb_is_capped():
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(8):
        prev, name = chr(97 + i), chr(98 + i)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    _, problems = parse_yaml("\n".join(lines) + "\n", "bomb.yaml")
    assert len(problems) == 1 and "aliases" in problems[0].message


def test_empty_and_comment_only_files():
    assert parse_yaml("", "f.yaml")[1][0].message == "no YAML content"
    assert parse_yaml("# just a comment\n", "f.yaml")[1][0].message == "no YAML content"


def test_bom_is_dropped_and_bad_utf8_located(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_bytes(b"\xef\xbb\xbfa: 1\n")
    assert read_text(good, "good.yaml") == ("a: 1\n", [])
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"a: 1\nb: caf\xe9\n")
    text, problems = read_text(bad, "bad.yaml")
    assert text is None and (problems[0].line, problems[0].column) == (2, 7)


def test_huge_file_is_refused_without_reading(tmp_path):
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    text, problems = read_text(big, "big.yaml")
    assert text is None and "limit" in problems[0].message


def test_front_matter_split_and_errors():
    front, body, line, problems = split_front_matter("---\ntitle: x\n---\nBody\n", "b.md")
    assert (front, body, line, problems) == ("title: x\n", "Body\n", 4, [])
    assert split_front_matter("No front matter\n", "b.md")[3][0].message == "no front matter"
    assert split_front_matter("---\ntitle: x\nBody\n", "b.md")[3][0].message == "front matter is never closed"
