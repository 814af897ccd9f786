"""Claims side by side: the same quantity as different claimants put it.

Claims are grouped by what they count (unit, folded over synonyms: troops,
soldiers and servicemen are one quantity), whose it is (the state named in
the subject: "Russian troops" -> RUS) and whether it is asserted or only
possible. A group where two claimants' figures differ by more than
``tolerance`` is a disagreement."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

from .model import ArticleResult, Claim
from .stages.actors import lexicon

UNIT_CLASSES = {
    "troops": {"troops", "troop", "soldiers", "soldier", "servicemen", "personnel", "forces", "reservists", "conscripts"},
    "people": {"people", "persons", "civilians", "residents", "individuals"},
    "refugees": {"refugees", "migrants", "displaced", "asylum-seekers"},
    "killed": {"dead", "deaths", "killed", "casualties", "fatalities"},
    "battalion tactical groups": {"groups", "btgs", "battalions"},
}


def unit_class(unit: str) -> str:
    u = unit.lower()
    for cls, words in UNIT_CLASSES.items():
        if u in words:
            return cls
    return u


def subject_owner(subject: str) -> str | None:
    lex = lexicon()
    for word in re.findall(r"[A-Z][\w'.-]+(?: [A-Z][\w'.-]+)?", subject):
        entries = lex.entries.get(word) or lex.entries.get(word.split()[0])
        if entries and entries[0].kind in ("state", "demonym", "metonym"):
            return entries[0].code
    return None


@dataclass
class ClaimRow:
    article_id: str
    published: str | None
    claim: Claim

    @property
    def low(self) -> float:
        v = self.claim.value
        return float(v[0] if isinstance(v, (tuple, list)) else v)

    @property
    def high(self) -> float:
        v = self.claim.value
        return float(v[1] if isinstance(v, (tuple, list)) else v)

    @property
    def claimant(self) -> str:
        c = self.claim
        return c.claimant.code if c.claimant else (c.claimant_phrase or "unattributed")


@dataclass
class ClaimGroup:
    unit: str
    owner: str | None
    status: str
    rows: list[ClaimRow] = field(default_factory=list)

    def claimants(self) -> set[str]:
        return {r.claimant for r in self.rows}

    def disagreement(self, tolerance: float = 0.1) -> bool:
        """Two claimants whose figures (or ranges) do not overlap within tolerance."""
        for a in self.rows:
            for b in self.rows:
                if a.claimant != b.claimant and a.high * (1 + tolerance) < b.low:
                    return True
        return False


CASUALTY = re.compile(r"\b(killed|died|dead|wounded|injured|lost|casualties)\b", re.I)


def group_claims(results: Iterable[ArticleResult]) -> list[ClaimGroup]:
    """Claims of coded articles, grouped."""
    return group_claim_rows(ClaimRow(res.article.id, res.article.published, c) for res in results for c in res.claims)


def group_claim_rows(rows: Iterable[ClaimRow]) -> list[ClaimGroup]:
    """Claims (of coded articles or of a corpus: ``Corpus.claim_records``) grouped
    by quantity, whose it is and status; most claimants first."""
    groups: dict[tuple, ClaimGroup] = {}
    for row in rows:
        c = row.claim
        status = "asserted" if c.status == "asserted" else "possible"
        unit = unit_class(c.unit)
        if unit in ("troops", "people") and CASUALTY.search(c.sentence):
            unit = f"{unit} killed or wounded"  # a death toll is not a troop count
        key = (unit, subject_owner(c.subject), status)
        g = groups.setdefault(key, ClaimGroup(*key))
        g.rows.append(row)
    out = list(groups.values())
    for g in out:
        g.rows.sort(key=lambda r: (r.published or "", r.low))
    out.sort(key=lambda g: (-len(g.claimants()), -len(g.rows), g.unit))
    return out
