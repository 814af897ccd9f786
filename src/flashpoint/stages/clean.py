"""Stage 1, clean: raw article text -> the cleaned text every offset refers to.

What it does, and why each step cannot change what a sentence means:
- repairs mojibake with ftfy (a name damaged beyond repair is left as it is);
- removes whole lines of page furniture (share prompts, "Read Full Article",
  "Source:" trailers, bylines), never part of a line;
- keeps one copy of a paragraph, caption or bullet that repeats an earlier one
  and counts the copies, so the events it tells get ``mentions`` > 1;
- re-joins lines that a scraper wrapped in the middle of a sentence.
Everything removed is reported, with the reason, in ``CleanText.removed``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import ftfy

from ..resources import load_toml

# a headline ends without a full stop; "(updated)" or a closing quote may end it
TITLE_END = re.compile(r"[.!?][\"”’')\]]*\s*$")
BULLET = re.compile(r"^\s*(?:[•·▪◦●■*\-–—]|\d{1,2}[.)])\s+")
SENTENCE_END = re.compile(r"[.!?:;\"”’')\]]\s*$")
# "KYIV (Reuters) -", "BEIJING/WASHINGTON —", "TRIPOLI -": a dateline opens the
# first paragraph of wire copy; it is its own segment, never part of a sentence
DATELINE = re.compile(
    r"^(?P<dateline>(?:[A-Z][A-Z.'’-]+(?:[ /][A-Z][A-Z.'’-]+)*)(?:,\s*[A-Z][\w.'’ -]{1,30})?"
    r"(?:\s*\((?:[A-Z][\w.&/ -]{0,30})\))?)\s*[-–—:]+\s*(?=[A-Z\"“‘'])")
# word lists in boilerplate.toml: a line ending in an open word runs on into
# the next; the words a byline may hold besides names
OPEN_ENDINGS = frozenset(load_toml("boilerplate.toml")["open_endings"])
BYLINE_WORDS = frozenset(load_toml("boilerplate.toml")["byline_words"])


@dataclass
class Paragraph:
    text: str
    start: int = 0  # offset in the cleaned text
    count: int = 1  # how many times the article carries it (captions repeat)
    kind: str = "body"  # body | bullet
    copies: list[str] = field(default_factory=list)  # normalised text of each removed copy


@dataclass
class CleanText:
    text: str
    title: str | None
    paragraphs: list[Paragraph]
    removed: list[dict] = field(default_factory=list)

    def paragraph_at(self, start: int) -> Paragraph | None:
        for p in self.paragraphs:
            if p.start <= start < p.start + len(p.text) + 1:
                return p
        return None

    def repeat_count(self, start: int, end: int) -> int:
        """How many times the article tells the text at [start, end): once,
        plus each removed copy (of its paragraph, or of just that sentence)."""
        for p in self.paragraphs:
            if p.start <= start and end <= p.start + len(p.text):
                if not p.copies:
                    return 1
                piece = _key(self.text[start:end])
                return 1 + sum(1 for c in p.copies if piece and (piece in c or (len(c) >= 40 and c in piece)))
        return 1


@lru_cache(maxsize=1)
def _rules() -> tuple[list[re.Pattern], tuple[str, ...]]:
    cfg = load_toml("boilerplate.toml")
    pats = [re.compile(rf"^\s*(?:{p})\s*$", re.IGNORECASE) for p in cfg["lines"]]
    return pats, tuple(h.lower() for h in cfg["summary_headers"])


# markup a scraper left in the text ("< p>Sunday, at an emergency meeting",
# "</strong>"): a paragraph break for block tags, nothing for inline ones
BLOCK_TAG = re.compile(r"<\s?/?(?:p|div|br|li|ul|ol|h[1-6]|blockquote|figure|figcaption|section|article|tr|td)"
                       r"(?:\s+[a-z-]+=[^<>]{0,80})?\s*/?>", re.IGNORECASE)
INLINE_TAG = re.compile(r"</?(?:span|strong|em|b|i|a|u|sup|sub|img|font|small)(?:\s+[a-z-]+=[^<>]{0,200})?\s*/?>", re.IGNORECASE)


def _normalise_chars(text: str) -> str:
    text = BLOCK_TAG.sub("\n\n", text)
    text = INLINE_TAG.sub("", text)
    text = ftfy.fix_text(text, normalization="NFC", uncurl_quotes=False)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u2009", " ").replace("\u202f", " ")
    text = re.sub(r"[\u200b\u200c\u200d\ufeff\u00ad]", "", text)
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    return re.sub(r"[ \t]+", " ", text)


def _is_byline(line: str) -> bool:
    if not re.match(r"^by\s+[A-Z]", line, re.IGNORECASE) or line.rstrip().endswith("."):
        return False
    words = re.findall(r"[\w.'’&|-]+", line[3:])
    if not 1 <= len(words) <= 10:
        return False
    return all(w[0].isupper() or w.lower() in BYLINE_WORDS for w in words)


def _is_heading(s: str, lines: list[str], line: str) -> bool:
    """A one-line subheading ("Background", "Inspectors back in Iran"): short,
    no closing punctuation, and the next line opens a new sentence."""
    if SENTENCE_END.search(s) or len(s) > 60 or len(s.split()) > 7 or not s[:1].isupper():
        return False
    if s.split()[-1].lower() in OPEN_ENDINGS:
        return False  # "The talks were held in" wraps into the next line
    try:
        k = lines.index(line)
    except ValueError:
        return False
    nxt = next((x.strip() for x in lines[k + 1:] if x.strip()), "")
    return bool(nxt) and nxt[:1].isupper() and nxt.split()[0].lower() not in {"and", "or", "but"} and \
        not nxt[:1].isdigit() and k + 1 < len(lines) and lines[k + 1].strip() != ""


def _key(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", text.lower())


def clean_text(raw: str, *, title: str | None = None, detect_title: bool = True, lines_are_paragraphs: bool = False) -> CleanText:
    """Clean an article. ``lines_are_paragraphs``: each line is a paragraph
    (text extracted from HTML); otherwise a paragraph ends at a blank line and
    wrapped lines are joined."""
    boiler, summary_headers = _rules()
    removed: list[dict] = []
    text = _normalise_chars(raw)

    # Lines -> paragraphs. A blank line ends a paragraph; a line that does not
    # end a sentence continues into the next (a scraper's hard wrap).
    blocks: list[tuple[str, str]] = []  # (text, kind)
    current: list[str] = []

    def flush() -> None:
        if current:
            blocks.append((" ".join(current), "body"))
            current.clear()

    lines = text.split("\n")
    first_content = True
    for line in lines:
        s = line.strip()
        if not s:
            flush()
            continue
        if any(p.match(s) for p in boiler) or _is_byline(s):
            flush()
            removed.append({"reason": "boilerplate", "text": s})
            continue
        if s.lower().rstrip(": ") in summary_headers:
            flush()
            removed.append({"reason": "summary header", "text": s})
            continue
        if first_content and title and _key(s) == _key(title):
            removed.append({"reason": "title repeated in the body", "text": s})
            first_content = False
            continue
        if detect_title and title is None and first_content and len(s) < 160 and not TITLE_END.search(s):
            # the headline often tells the main event: it stays in the text,
            # as its own segment, and is coded like the body
            title = s
            first_content = False
            blocks.append((s, "title"))
            continue
        first_content = False
        if BULLET.match(s):
            flush()
            item = BULLET.sub("", s).strip()
            if item and not SENTENCE_END.search(item):
                item += "."  # a bullet is a sentence; keep the parser from running it on
            blocks.append((item, "bullet"))
            continue
        # only the body's first paragraph opens with a dateline
        m = DATELINE.match(s) if not current and not any(k == "body" for _, k in blocks) else None
        if m and len(m.group("dateline")) >= 3 and m.group("dateline") != "I":
            blocks.append((m.group("dateline").strip(), "dateline"))
            s = s[m.end():]
        if _is_heading(s, lines, line):
            flush()
            blocks.append((s, "heading"))
            continue
        current.append(s)
        # a line that ends a sentence ends its paragraph (a caption repeated on
        # the next line is then a repeat, not part of one long paragraph);
        # a line cut mid-sentence is a scraper's wrap and joins the next
        if lines_are_paragraphs or re.search(r"[.!?\"”’]\s*$", s):
            flush()
    flush()

    # Repeated paragraphs and captions: keep the first, count the copies.
    kept: list[Paragraph] = []
    seen: dict[str, Paragraph] = {}
    for body, kind in blocks:
        k = _key(body)
        if not k:
            continue
        prior = seen.get(k)
        if prior is None and len(k) >= 40:
            # a caption that repeats one sentence of an earlier paragraph
            prior = next((p for p in kept if k in _key(p.text)), None)
        if prior is not None:
            prior.count += 1
            prior.copies.append(k)
            removed.append({"reason": "repeated paragraph", "text": body, "copy_of": prior.text[:120]})
            continue
        para = Paragraph(body, kind=kind)
        seen[k] = para
        kept.append(para)

    out: list[str] = []
    pos = 0
    for p in kept:
        p.start = pos
        out.append(p.text)
        pos += len(p.text) + 2
    return CleanText("\n\n".join(out), title, kept, removed)
