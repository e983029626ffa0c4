"""Small HTML pieces the report and the stages' report sections share."""

from __future__ import annotations

from html import escape


def html_table(columns: list[str], rows, *, numeric: frozenset[int] = frozenset(), raw: frozenset[int] = frozenset()) -> str:
    """An HTML table: cells escaped (except columns in ``raw``, already HTML), columns in
    ``numeric`` right-aligned."""

    def cell(i: int, value, tag: str) -> str:
        cls = " class='num'" if i in numeric else ""
        text = value if i in raw or tag == "th" else escape(str(value))
        return f"<{tag}{cls}>{text}</{tag}>"

    head = "".join(cell(i, c, "th") for i, c in enumerate(columns))
    body = "".join("<tr>" + "".join(cell(i, v, "td") for i, v in enumerate(row)) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def picture(src: str, alt: str, *, style: str = "") -> str:
    """An <img> of a picture the run wrote, ``src`` relative to the report."""
    extra = f" style='{style}'" if style else ""
    return f"<img src='{escape(src)}' alt='{escape(alt)}'{extra}>"
