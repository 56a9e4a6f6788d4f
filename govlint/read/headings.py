"""Section headings as readers see them (「一、总体情况」), from the templates' titles.

The Word and HTML readers look for headings to tell the report from the page around it (a
layout table holding two headings, the element holding them all).  The words come from the
templates (:func:`govlint.templates.heading_prefixes`), so a reader keeps no list of titles.
"""

from __future__ import annotations

import re
from functools import cache

NUMERAL = "[一二三四五六七八九十]"


@cache
def section_heading() -> re.Pattern[str]:
    """A numeral, 「、」 and the start of a built-in template's section title or alias."""
    from ..templates import builtin_templates, heading_prefixes

    words = "|".join(map(re.escape, heading_prefixes(builtin_templates())))
    return re.compile(rf"{NUMERAL}[、.．]\s*(?:{words})")
