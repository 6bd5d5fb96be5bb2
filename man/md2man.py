#!/usr/bin/python3
"""md2man.py: a Markdown page of docs/ as a man(7) page.

    md2man.py --template man/tapswitch-cli.7.in --version V docs/cli.md > tapswitch-cli.7

The template is roff with the placeholders @VERSION@, @DATE@ and a line
@BODY@ where the converted Markdown goes.  The Markdown's first-level
heading is dropped (the template has .TH and NAME); text before the first
second-level heading goes where @BODY@ stands (under the template's
DESCRIPTION); "##" becomes .SH, "###" and deeper .SS.

What docs/*.md use, and nothing else, is understood: ATX headings, paragraphs,
fenced code blocks, GFM tables (each row becomes a .TP item: the first cell
is the tag, the others "Header: cell" lines), "-"/"*"/"+" and "1." lists with
nested items, block quotes, code spans, **bold**, *emphasis*, links (their
text is kept) and raw HTML lines (dropped).  Every character that roff would
take as markup is escaped, and non-ASCII characters become \\[uXXXX], so
`groff -ww` and `mandoc -T lint` stay silent whatever the page says
(tests/check-man.sh).  Debian's python3 only: no pandoc.
"""

import argparse
import datetime
import os
import re
import sys

# Links to the other pages of docs/ read as the man pages made from them.
DOC_PAGES = {
    "cli.md": "tapswitch-cli(7)",
    "config.md": "tapswitch.json(5)",
}

NAMED_CHARS = {
    "\u2014": "\\(em", "\u2013": "\\(en", "\u2192": "\\(->", "\u2190": "\\(<-",
    "\u2191": "\\(ua", "\u2193": "\\(da", "\u2194": "\\(<>", "\u21d2": "\\(rA",
    "\u00b7": "\\(pc", "\u2264": "\\(<=", "\u2265": "\\(>=", "\u00d7": "\\(mu",
    "\u2260": "\\(!=", "\u2248": "\\(~~", "\u221e": "\\(if", "\u2212": "\\(mi",
    "\u2018": "\\(oq", "\u2019": "\\(cq", "\u201c": "\\(lq", "\u201d": "\\(rq",
    "\u2022": "\\(bu", "\u2122": "\\(tm", "\u20ac": "\\[Eu]",
    "\u2026": "...", "\u00a0": "\\~",
}


# Latin-1 has a glyph in every groff device; past it only NAMED_CHARS are
# known to render, and anything else would be a warning: "?" stands in.
def char(ch):
    if ch in NAMED_CHARS:
        return NAMED_CHARS[ch]
    if ord(ch) <= 0xFF:
        return "\\[u%04X]" % ord(ch)
    return "?"


# A run of this many characters without a space gets a break point (\:),
# so a long hash or path in the text never makes roff warn that it cannot
# break the line.
LONG_RUN = 40


def escape(text, code=False):
    """Plain text as roff text (not at a line's start: see line())."""
    out = []
    run = 0
    for ch in text:
        run = 0 if ch in " \t" else run + 1
        if run > LONG_RUN:
            out.append("\\:")
            run = 1
        if ch == "\\":
            out.append("\\e")
        elif ch == "-" and code:
            out.append("\\-")           # a real minus: options copy and paste
        elif ch == "\t":
            out.append(" ")
        elif ord(ch) < 32:
            continue
        elif ord(ch) > 126:
            out.append(char(ch))
        else:
            out.append(ch)
    return "".join(out)


def line(text):
    """A roff text line: one that starts with a control character or a
    space would be a request or a break."""
    text = text.strip()
    if text.startswith((".", "'")):
        text = "\\&" + text
    return text


def code_spans(text):
    """[(start, end, content)] of the code spans of 'text': a run of N
    backticks up to the next run of exactly N."""
    spans = []
    i = 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            i += 2
            continue
        if text[i] != "`":
            i += 1
            continue
        n = len(text[i:]) - len(text[i:].lstrip("`"))
        j = i + n
        close = -1
        while True:
            k = text.find("`" * n, j)
            if k < 0:
                break
            m = len(text[k:]) - len(text[k:].lstrip("`"))
            if m == n:
                close = k
                break
            j = k + m
        if close < 0:
            i += n
            continue
        content = text[i + n:close]
        if content.strip() and content.startswith(" ") and content.endswith(" "):
            content = content[1:-1]
        spans.append((i, close + n, content))
        i = close + n
    return spans


LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
AUTOLINK = re.compile(r"<(https?://[^>\s]+)>")
HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def inline(text, upper=False):
    """Markdown inline text as roff: code spans and **bold** in bold,
    *emphasis* in italics, links as their text."""
    text = text.strip()
    spans = code_spans(text)

    def in_code(pos):
        return any(s <= pos < e for s, e, _ in spans)

    # Links and HTML tags outside code spans, replaced from the end so the
    # positions of earlier ones hold.
    edits = []
    for m in LINK.finditer(text):
        if not in_code(m.start()):
            label, url = m.group(1), m.group(2)
            target = url.split("#")[0]
            if label.strip("`") == target and target in DOC_PAGES:
                label = DOC_PAGES[target]
            elif url.startswith(("http://", "https://")):
                label = "%s (%s)" % (label, url)
            edits.append((m.start(), m.end(), label))
    for m in AUTOLINK.finditer(text):
        if not in_code(m.start()):
            edits.append((m.start(), m.end(), m.group(1)))
    for m in HTML_TAG.finditer(text):
        if not in_code(m.start()) and not any(s <= m.start() < e for s, e, _ in edits):
            edits.append((m.start(), m.end(), ""))
    for s, e, rep in sorted(edits, reverse=True):
        text = text[:s] + rep + text[e:]
    spans = code_spans(text)

    out = []
    bold = italic = False

    def font(code=False):
        b = bold or code
        if b and italic:
            return "\\f(BI"
        if b:
            return "\\fB"
        if italic:
            return "\\fI"
        return "\\fR"

    pos = 0
    for s, e, content in spans + [(len(text), len(text), None)]:
        seg = text[pos:s]
        i = 0
        buf = []
        while i < len(seg):
            ch = seg[i]
            prev = seg[i - 1] if i else (text[pos - 1] if pos else " ")
            nxt = seg[i + 1] if i + 1 < len(seg) else (text[s] if s < len(text) else " ")
            if ch == "\\" and i + 1 < len(seg) and seg[i + 1] in "\\`*_{}[]()#+-.!|<>":
                buf.append(seg[i + 1])
                i += 2
                continue
            if seg.startswith("**", i):
                after = seg[i + 2] if i + 2 < len(seg) else (text[s] if s < len(text) else " ")
                opening = not bold and not after.isspace()
                closing = bold and not prev.isspace()
                if opening or closing:
                    out.append(escape("".join(buf), False) if not upper else escape("".join(buf).upper()))
                    buf = []
                    bold = not bold
                    out.append(font())
                    i += 2
                    continue
            if ch in "*_":
                opening = not italic and not nxt.isspace() and (prev.isspace() or prev in "(\"'[")
                closing = italic and not prev.isspace() and (nxt.isspace() or nxt in ".,;:!?)\"'")
                if (opening and (ch == "*" or not prev.isalnum())) or closing:
                    out.append(escape("".join(buf)) if not upper else escape("".join(buf).upper()))
                    buf = []
                    italic = not italic
                    out.append(font())
                    i += 1
                    continue
            buf.append(ch)
            i += 1
        out.append(escape("".join(buf)) if not upper else escape("".join(buf).upper()))
        if content is not None:
            out.append(font(code=True) + escape(content, code=True) + font())
        pos = e
    if bold or italic:
        bold = italic = False
        out.append(font())
    return "".join(out)


def split_row(row):
    """The cells of a table row: '|' separates them outside code spans."""
    row = row.strip()
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|") and not row.endswith("\\|"):
        row = row[:-1]
    cells, cur, in_code, i = [], [], 0, 0
    while i < len(row):
        ch = row[i]
        if ch == "\\" and i + 1 < len(row) and row[i + 1] == "|":
            cur.append("|")
            i += 2
            continue
        if ch == "`":
            n = len(row[i:]) - len(row[i:].lstrip("`"))
            if not in_code:
                in_code = n
            elif in_code == n:
                in_code = 0
            cur.append(row[i:i + n])
            i += n
            continue
        if ch == "|" and not in_code:
            cells.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
        i += 1
    cells.append("".join(cur).strip())
    return cells


TABLE_SEP = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
ITEM = re.compile(r"^(\s*)([-*+]|\d+[.)])\s+(.*)$")
FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})")


# Where a sentence ends: a period, ! or ? and a space before a capital.
SENTENCE_END = re.compile(r"(?<=[a-z0-9)][.!?]) (?=[A-Z])")


class Writer:
    def __init__(self):
        self.out = []
        self.after_heading = True       # the template ends with .SH

    def raw(self, s):
        self.out.append(s)

    def para(self):
        if not self.after_heading:
            self.raw(".PP")
        self.after_heading = False

    def heading(self, level, text):
        if level == 2:
            self.raw('.SH "%s"' % inline(text, upper=True).replace('"', "\\(dq"))
        else:
            self.raw('.SS "%s"' % inline(text).replace('"', "\\(dq"))
        self.after_heading = True

    def text(self, s):
        """Filled text: a sentence a line, wrapped at 78 columns (mandoc's
        style checks ask for both)."""
        for sentence in SENTENCE_END.split(s.strip()):
            cur = ""
            for word in sentence.split(" "):
                if not word:
                    continue
                if cur and len(cur) + 1 + len(word) > 78:
                    self.raw(line(cur))
                    cur = word
                else:
                    cur = cur + " " + word if cur else word
            if cur:
                self.raw(line(cur))


def convert(lines):
    w = Writer()
    i = 0
    n = len(lines)
    seen_h1 = False

    def blank(k):
        return k >= n or not lines[k].strip()

    while i < n:
        ln = lines[i].rstrip("\n").rstrip()
        if not ln.strip():
            i += 1
            continue
        m = FENCE.match(ln)
        if m:
            indent, fence = len(m.group(1)), m.group(2)
            i += 1
            body = []
            while i < n and not lines[i].strip().startswith(fence):
                body.append(lines[i].rstrip("\n").rstrip())
                i += 1
            i += 1
            w.para()
            w.raw(".RS 2")
            w.raw(".nf")
            for b in body:
                if indent:
                    b = b[indent:] if b[:indent].isspace() else b.lstrip()
                e = escape(b.expandtabs(8), code=True)
                if e.startswith((".", "'")):
                    e = "\\&" + e
                w.raw(e if e else "\\&")
            w.raw(".fi")
            w.raw(".RE")
            continue
        m = HEADING.match(ln)
        if m:
            level = len(m.group(1))
            if level == 1 and not seen_h1:
                seen_h1 = True
            else:
                w.heading(max(level, 2), m.group(2))
            i += 1
            continue
        if ln.lstrip().startswith("<!--"):
            while i < n and "-->" not in lines[i]:
                i += 1
            i += 1
            continue
        if HTML_TAG.fullmatch(ln.strip()) or re.fullmatch(r"(\s*</?[a-zA-Z][^>]*>)+\s*", ln):
            i += 1
            continue
        if re.fullmatch(r"\s*([-*_])(\s*\1){2,}\s*", ln):
            i += 1
            continue
        if ln.lstrip().startswith("|") and i + 1 < n and TABLE_SEP.match(lines[i + 1]):
            head = split_row(ln)
            i += 2
            while i < n and lines[i].strip().startswith("|"):
                cells = split_row(lines[i])
                i += 1
                w.raw(".TP")
                w.after_heading = False
                w.text(inline(cells[0]) if cells[0] else "\\&")
                first = True
                for h, c in zip(head[1:], cells[1:]):
                    if not c:
                        continue
                    if not first:
                        w.raw(".br")
                    first = False
                    w.text(("\\fI%s\\fR: " % inline(h) if h else "") + inline(c))
                if first:
                    w.raw("\\&")
            continue
        if ITEM.match(ln):
            i = convert_list(lines, i, w)
            continue
        if ln.lstrip().startswith(">"):
            quote = []
            while i < n and lines[i].lstrip().startswith(">"):
                quote.append(lines[i].lstrip()[1:].strip())
                i += 1
            w.para()
            w.raw(".RS 4")
            w.text(inline(" ".join(quote)))
            w.raw(".RE")
            continue
        # A paragraph: up to a blank line or the start of another block.
        para = [ln]
        i += 1
        while i < n and lines[i].strip():
            nx = lines[i].rstrip()
            if (FENCE.match(nx) or HEADING.match(nx) or ITEM.match(nx)
                    or (nx.lstrip().startswith("|") and i + 1 < n and TABLE_SEP.match(lines[i + 1]))):
                break
            para.append(nx)
            i += 1
        w.para()
        w.text(inline(" ".join(p.strip() for p in para)))
    return w.out


def convert_list(lines, i, w):
    """A list from line i; returns the line after it."""
    n = len(lines)
    items = []                          # (depth, marker, text)
    indents = []
    while i < n:
        ln = lines[i].rstrip()
        if not ln.strip():
            # A blank line ends the list unless an item or an indented
            # continuation follows.
            k = i
            while k < n and not lines[k].strip():
                k += 1
            if k < n and (ITEM.match(lines[k]) and (len(ITEM.match(lines[k]).group(1)) > 0 or items)) \
                    and not FENCE.match(lines[k]):
                if ITEM.match(lines[k]) or lines[k].startswith("  "):
                    i = k
                    continue
            break
        if FENCE.match(ln) or HEADING.match(ln) or (ln.lstrip().startswith("|")
                                                    and i + 1 < n and TABLE_SEP.match(lines[i + 1])):
            break
        m = ITEM.match(ln)
        if m:
            ind = len(m.group(1))
            while indents and indents[-1] > ind:
                indents.pop()
            if not indents or indents[-1] < ind:
                indents.append(ind)
            items.append([len(indents) - 1, m.group(2), m.group(3)])
        elif items and (ln.startswith(" ") or True):
            items[-1][2] += " " + ln.strip()
        i += 1
    depth = 0
    for d, marker, text in items:
        while depth < d:
            w.raw(".RS 2")
            depth += 1
        while depth > d:
            w.raw(".RE")
            depth -= 1
        if marker[0].isdigit():
            w.raw(".IP %s 4" % marker.rstrip(")").rstrip(".") + ".")
        else:
            w.raw(".IP \\(bu 2" if d == 0 else ".IP \\(en 2")
        w.text(inline(text))
    while depth > 0:
        w.raw(".RE")
        depth -= 1
    w.after_heading = False
    return i


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--template", required=True)
    ap.add_argument("--version", required=True)
    ap.add_argument("markdown")
    args = ap.parse_args()
    with open(args.markdown, encoding="utf-8") as f:
        lines = f.read().splitlines()
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    stamp = int(epoch) if epoch else int(os.stat(args.markdown).st_mtime)
    date = datetime.datetime.fromtimestamp(stamp, datetime.timezone.utc).strftime("%Y-%m-%d")
    with open(args.template, encoding="utf-8") as f:
        template = f.read()
    body = "\n".join(convert(lines))
    page = (template.replace("@VERSION@", args.version).replace("@DATE@", date)
            .replace("@SOURCE@", os.path.basename(args.markdown)))
    if "@BODY@\n" not in page:
        sys.exit("md2man.py: %s has no @BODY@ line" % args.template)
    sys.stdout.write(page.replace("@BODY@\n", body + "\n"))


if __name__ == "__main__":
    main()
