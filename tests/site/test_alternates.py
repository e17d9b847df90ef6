"""hreflang alternates: each page's versions in the site's languages (tests/site/test_languages.py checks them
on a built site)."""

from generator.content.records import Language
from generator.site.languages import Alternates, own_name
from generator.site.plan import Page


def test_a_pages_languages_are_found_when_asked_from_an_index_of_the_pages_made_once():
    class Counted(tuple):
        walks = 0

        def __iter__(self):
            Counted.walks += 1
            return super().__iter__()

    pages = Counted((Page("", "index.html", "home"), Page("zh/", "zh/index.html", "home", lang="zh-Hans"),
                     Page("policies/a/", "policies/a/index.html", "policy", "a"),
                     Page("zh/policies/a/", "zh/policies/a/index.html", "policy", "a", lang="zh-Hans"),
                     Page("briefs/b/", "briefs/b/index.html", "brief", "b"), Page("404.html", "404.html", "not_found"),
                     Page("zh/404.html", "zh/404.html", "not_found", lang="zh-Hans"),
                     Page("data/atlas.json", "data/atlas.json", "atlas_json")))
    found = Alternates(pages, (Language("zh-Hans", "zh", "中文"),), "en")
    assert Counted.walks == 0  # a renderer made for a dozen pages does not sort out the languages of them all
    assert found.get("policies/a/") == (("en", own_name("en"), "policies/a/"), ("zh-Hans", "中文", "zh/policies/a/"))
    assert found.get("") == (("en", own_name("en"), ""), ("zh-Hans", "中文", "zh/"))
    assert found.get("briefs/b/") == () and found.get("404.html") == () and found.get("data/atlas.json", None) is None
    assert Counted.walks == 1
