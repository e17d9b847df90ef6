"""The feeds escape XML text as xml.sax.saxutils does, without importing it (site/xmltext.py)."""

from xml.sax import saxutils

import pytest

from generator.site import xmltext

TEXTS = ["", "plain", "a & b < c > d", "&amp; already", 'say "hi"', "it's", 'both " and \'', "tab\there",
         "line\nbreak\r\n", "<script>alert('x')</script>", "中文 & «guillemets»", "\"'\"'", "&#10;"]


@pytest.mark.parametrize("text", TEXTS)
def test_escape_and_quoteattr_equal_saxutils(text):
    assert xmltext.escape(text) == saxutils.escape(text)
    assert xmltext.quoteattr(text) == saxutils.quoteattr(text)
