"""``chainkg eval``: precision, recall and F1 of entities and relations against gold files.

Matching follows the gold format: names compared after NFKC and whitespace removal on
labels and altLabels; a predicted entity matching a gold one of an acceptable type is a hit;
a second node for the same gold entity is an error; optional entities and relations are
neither rewarded nor penalised; partnerOf is unordered.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .extract import extract_file
from .normalize import name_key
from .resolve import resolve

__all__ = ["Score", "evaluate", "find_article"]


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: "Score") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn


@dataclass
class Report:
    entities: Score = field(default_factory=Score)
    relations: Score = field(default_factory=Score)
    by_relation: dict = field(default_factory=lambda: defaultdict(Score))
    by_rule: dict = field(default_factory=lambda: defaultdict(Score))
    by_type: dict = field(default_factory=lambda: defaultdict(Score))
    misses: list = field(default_factory=list)
    false_alarms: list = field(default_factory=list)
    observations: Score = field(default_factory=Score)
    splits: int = 0
    articles: int = 0


def find_article(gold_file: Path, name: str, search: list[Path]) -> Path | None:
    for folder in [gold_file.parent, *search]:
        p = Path(folder) / name
        if p.exists():
            return p
    return None


def evaluate(gold_dir: Path, search: list[Path]) -> Report:
    """Score extraction of every gold file's article (each built on its own)."""
    rep = Report()
    for gold_file in sorted(Path(gold_dir).glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        article = find_article(gold_file, gold["article"], search)
        if article is None:
            raise FileNotFoundError(f"{gold_file.name}: article {gold['article']} not found (use --articles)")
        rep.articles += 1
        _score_one(gold, extract_file(article), rep, gold_file.stem)
    return rep


def _score_one(gold: dict, record, rep: Report, tag: str) -> None:
    g = resolve([record])
    # gold names -> canonical gold name
    gname: dict[str, str] = {}
    gtypes: dict[str, set] = {}
    for e in gold["entities"]:
        gtypes[e["name"]] = set(e["type"])
        for n in [e["name"], *e.get("aliases", [])]:
            gname.setdefault(name_key(n), e["name"])
    optional = {name_key(n): n for n in gold.get("optional_entities", [])}
    pred_to_gold: dict = {}
    seen_gold: Counter = Counter()
    hit_gold: set = set()
    ent_score = Score()
    for key, ent in sorted(g.entities.items()):
        names = {name_key(n) for n in [ent.label, *ent.aliases]}
        hits = {gname[n] for n in names if n in gname}
        hits = {h for h in hits if ent.type in gtypes[h]} or hits
        if hits:
            h = sorted(hits)[0]
            pred_to_gold[key] = h
            seen_gold[h] += 1
            ok = ent.type in gtypes[h]
            if seen_gold[h] == 1 and ok:
                hit_gold.add(h)
                ent_score.tp += 1
                rep.by_type[ent.type].tp += 1
            else:
                ent_score.fp += 1
                rep.by_type[ent.type].fp += 1
                if seen_gold[h] > 1:
                    rep.splits += 1
                rep.false_alarms.append((tag, "entity", f"{ent.type} {ent.label}" + (" (second node)" if seen_gold[h] > 1 else " (wrong type)")))
        elif names & optional.keys():
            # optional entities keep their name so optional relations can match them
            pred_to_gold[key] = optional[sorted(names & optional.keys())[0]]
        else:
            ent_score.fp += 1
            rep.by_type[ent.type].fp += 1
            rep.false_alarms.append((tag, "entity", f"{ent.type} {ent.label}"))
    for e in gold["entities"]:
        if e["name"] not in hit_gold:
            ent_score.fn += 1
            for t in e["type"][:1]:
                rep.by_type[t].fn += 1
            rep.misses.append((tag, "entity", f"{'/'.join(e['type'])} {e['name']}"))

    def norm(s, p, o):
        return (p, *sorted((s, o))) if p == "partnerOf" else (p, s, o)

    gold_rel = {norm(*r) for r in gold["relations"]}
    opt_rel = {norm(*r) for r in gold.get("optional_relations", [])}
    found = set()
    rel_score = Score()
    for rel in g.relations:
        if rel.predicate == "hasObservation":
            continue
        s, o = pred_to_gold.get(rel.subject), pred_to_gold.get(rel.object)
        rules = sorted({ev.rule for ev in rel.evidence})
        t = norm(s, rel.predicate, o) if s and o else None
        if t and t in gold_rel:
            if t not in found:
                found.add(t)
                rel_score.tp += 1
                rep.by_relation[rel.predicate].tp += 1
                for r in rules:
                    rep.by_rule[r].tp += 1
        elif t and t in opt_rel:
            continue
        else:
            rel_score.fp += 1
            rep.by_relation[rel.predicate].fp += 1
            for r in rules:
                rep.by_rule[r].fp += 1
            rep.false_alarms.append((tag, "relation", f"{rel.subject[1]} {rel.predicate} {rel.object[1]} [{','.join(rules)}]"))
    for t in sorted(gold_rel - found):
        rel_score.fn += 1
        rep.by_relation[t[0]].fn += 1
        rep.misses.append((tag, "relation", f"{t[1]} {t[0]} {t[2]}"))
    rep.entities.add(ent_score)
    rep.relations.add(rel_score)
    _score_observations(gold, g, pred_to_gold, rep, tag)


def _score_observations(gold: dict, g, pred_to_gold: dict, rep: Report, tag: str) -> None:
    """A figure is found when some observation has its value (and its subject, when the
    subject could be matched); the growth rate must agree where the gold gives one."""
    from decimal import Decimal

    preds = []
    for fig in g.figures:
        if fig.value is None:
            continue
        preds.append((pred_to_gold.get(fig.subject), Decimal(fig.value), Decimal(fig.growth) if fig.growth else None))
    used = set()
    for ob in gold.get("observations", []):
        value = Decimal(str(ob["value"]))
        growth = Decimal(str(ob["growth"])) if ob.get("growth") is not None else None
        hit = next((i for i, (s, v, gr) in enumerate(preds) if i not in used and v == value
                    and s == ob["subject"] and (growth is None or gr == growth)), None)
        if hit is None:
            rep.observations.fn += 1
            rep.misses.append((tag, "observation", f"{ob['subject']} {ob['indicator']} {ob['value']}"))
        else:
            used.add(hit)
            rep.observations.tp += 1
    rep.observations.fp += len(preds) - len(used)


def format_report(rep: Report, details: bool = True) -> str:
    def row(name, s: Score):
        return f"{name:<28} {s.tp:>5} {s.fp:>5} {s.fn:>5}   P={s.precision:.3f} R={s.recall:.3f} F1={s.f1:.3f}"

    lines = [f"articles: {rep.articles}", f"{'':<28} {'tp':>5} {'fp':>5} {'fn':>5}",
             row("ENTITIES", rep.entities), row("RELATIONS", rep.relations), row("OBSERVATIONS", rep.observations),
             f"entities split into two nodes: {rep.splits}", "", "per entity type:"]
    lines += [row("  " + k, v) for k, v in sorted(rep.by_type.items())]
    lines += ["", "per relation:"] + [row("  " + k, v) for k, v in sorted(rep.by_relation.items())]
    lines += ["", "per rule (predicted relations):"] + [row("  " + k, v) for k, v in sorted(rep.by_rule.items())]
    if details:
        lines += ["", "misses:"] + [f"  {a}: {k} {t}" for a, k, t in rep.misses]
        lines += ["", "false alarms:"] + [f"  {a}: {k} {t}" for a, k, t in rep.false_alarms]
    return "\n".join(lines)
