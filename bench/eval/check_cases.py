#!/usr/bin/env python3
"""Check the careerbot evaluation set (bench/eval/*.yaml: dev to dev15, test to test11).

Usage: python3 bench/eval/check_cases.py [--quiet] [--only LABEL]

``--only test15`` looks for near-copies only between that file's texts and the rest (fast: the full
near-copy check compares every pair of texts and takes minutes); ``--quiet`` prints no table and no
warnings.

Checks: file shape, unique ids (d### / e### / f### / h### / t### / g### / k### for cases,
dc## / ec## / fc## / hc## / tc## / gc## / kc## for conversations), known categories and
intents, topic refs that exist in content/, topic kinds that fit the intent, salary facts that exist in
careers.yaml (and belong to the named role for single-role salary cases),
no duplicate texts, counts per category and per file, the totals (at least
260 single-turn cases and 30 conversations) and each file's own minimum size.
Needs only the standard library and PyYAML. Exit code 0 = all good.
"""

import difflib
import re
import sys
from collections import Counter
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CONTENT = ROOT / "content"
FILES = {
    "dev": (HERE / "dev.yaml", "d", "dc"),
    "dev2": (HERE / "dev2.yaml", "e", "ec"),
    "dev3": (HERE / "dev3.yaml", "f", "fc"),
    "dev4": (HERE / "dev4.yaml", "h", "hc"),
    "test": (HERE / "test.yaml", "t", "tc"),
    "test2": (HERE / "test2.yaml", "g", "gc"),
    "test3": (HERE / "test3.yaml", "k", "kc"),
    "dev5": (HERE / "dev5.yaml", "m", "mc"),
    "test4": (HERE / "test4.yaml", "n", "nc"),
    "dev6": (HERE / "dev6.yaml", "p", "pc"),
    "test5": (HERE / "test5.yaml", "q", "qc"),
    "dev7": (HERE / "dev7.yaml", "r", "rc"),
    "test6": (HERE / "test6.yaml", "s", "sc"),
    "dev8": (HERE / "dev8.yaml", "u", "uc"),
    "test7": (HERE / "test7.yaml", "v", "vc"),
    "dev9": (HERE / "dev9.yaml", "w", "wc"),
    "dev10": (HERE / "dev10.yaml", "y", "yc"),
    "test8": (HERE / "test8.yaml", "x", "xc"),
    "dev11": (HERE / "dev11.yaml", "z", "zc"),
    "test9": (HERE / "test9.yaml", "a", "ac"),
    "dev12": (HERE / "dev12.yaml", "b", "bc"),
    "dev13": (HERE / "dev13.yaml", "i", "ic"),
    "test10": (HERE / "test10.yaml", "c", "cc"),
    "dev14": (HERE / "dev14.yaml", "j", "jc"),
    "dev15": (HERE / "dev15.yaml", "l", "lc"),
    "test11": (HERE / "test11.yaml", "o", "oc"),
    "dev16": (HERE / "dev16.yaml", "na", "nac"),
    "dev17": (HERE / "dev17.yaml", "nb", "nbc"),
    "test12": (HERE / "test12.yaml", "nd", "ndc"),
    "dev18": (HERE / "dev18.yaml", "ne", "nec"),
    "dev19": (HERE / "dev19.yaml", "nf", "nfc"),
    "test13": (HERE / "test13.yaml", "ng", "ngc"),
    "dev20": (HERE / "dev20.yaml", "nh", "nhc"),
    "dev21": (HERE / "dev21.yaml", "nj", "njc"),
    "test14": (HERE / "test14.yaml", "nk", "nkc"),
    "test15": (HERE / "test15.yaml", "nl", "nlc"),
    "test16": (HERE / "test16.yaml", "nm", "nmc"),
    "dev22": (HERE / "dev22.yaml", "np", "npc"),
    "test17": (HERE / "test17.yaml", "nq", "nqc"),
    "dev23": (HERE / "dev23.yaml", "nr", "nrc"),
}
# Minimum size of each file: (single-turn cases, conversations).
FILE_MIN = {
    "dev": (142, 15),
    "dev2": (142, 15),
    "dev3": (220, 20),
    "dev4": (230, 22),
    "test": (142, 15),
    "test2": (160, 16),
    "test3": (170, 17),
    "dev5": (200, 20),
    "test4": (200, 20),
    "dev6": (200, 20),
    "test5": (200, 20),
    "dev7": (200, 20),
    "test6": (200, 20),
    "dev8": (200, 20),
    "test7": (200, 20),
    "dev9": (200, 20),
    "dev10": (200, 20),
    "test8": (200, 20),
    "dev11": (200, 20),
    "test9": (200, 20),
    "dev12": (200, 20),
    "dev13": (200, 20),
    "test10": (200, 20),
    "dev14": (200, 20),
    "dev15": (200, 20),
    "test11": (200, 20),
    "dev16": (200, 20),
    "dev17": (200, 20),
    "test12": (200, 20),
    "dev18": (200, 20),
    "dev19": (200, 20),
    "test13": (200, 20),
    "dev20": (200, 20),
    "dev21": (200, 20),
    "test14": (200, 20),
    "test15": (200, 20),
    "test16": (200, 20),
    "dev22": (200, 20),
    "test17": (200, 20),
    "dev23": (200, 20),
}

CATEGORIES = [
    "compare",
    "ranking",
    "followup",
    "personal",
    "chances",
    "limit_region",
    "limit_role",
    "limit_scope",
    "ambiguous",
    "indirect",
    "domain",
    "salary",
    "skills",
    "path",
    "education",
    "experience",
    "about",
    "examples",
    "careers",
    "bad_input",
]
INTENTS = {
    "salary",
    "career",
    "careers",
    "skill",
    "skills",
    "path",
    "education",
    "experience",
    "about",
    "example",
    "examples",
    "domain",
    "compare",
    "ranking",
    "personal",
    "chances",
    "limit_region",
    "limit_role",
    "limit_scope",
    "clarify",
    "unsure",
}
# Intents whose reply must not carry any topic.
EMPTY_TOPICS = {"limit_role", "limit_scope", "clarify", "unsure", "careers", "examples", "skills"}
# Intents that need at least one topic of the given kinds.
NEEDS = {
    "career": {"career"},
    "path": {"career"},
    "skill": {"skill"},
    "example": {"example"},
    "domain": {"example"},
    "education": {"topic:education"},
    "experience": {"topic:experience"},
    "about": {"topic:about"},
}
# Same-text pairs that predate dev2's addition to this check (dev2 was written before it
# checked dev2): reported as warnings until the tuned case is rewritten.
KNOWN_SAME = {frozenset({"dev2:e136", "test:t129"})}
MIN_SINGLE, MIN_CONV = 260, 30
SUGGESTED = {
    "compare": 14,
    "ranking": 12,
    "personal": 14,
    "chances": 8,
    "limit_region": 8,
    "limit_role": 8,
    "limit_scope": 8,
    "ambiguous": 8,
    "indirect": 12,
    "domain": 6,
    "salary": 8,
    "skills": 6,
    "path": 6,
    "education": 4,
    "experience": 4,
    "about": 4,
    "examples": 3,
    "careers": 3,
    "bad_input": 6,
}


def load_content():
    def ids(name, key):
        data = yaml.safe_load((CONTENT / name).read_text(encoding="utf-8"))
        return data[key]

    careers = ids("careers.yaml", "careers")
    refs = {f"career:{c['id']}" for c in careers}
    refs |= {f"skill:{s['id']}" for s in ids("skills.yaml", "skills")}
    refs |= {f"example:{e['id']}" for e in ids("examples.yaml", "examples")}
    refs |= {"topic:education", "topic:experience", "topic:about"}
    salaries = {c["id"]: (c["salary"]["low"], c["salary"]["high"]) for c in careers}
    return refs, salaries


def kind(ref):
    return ref if ref.startswith("topic:") else ref.split(":", 1)[0]


def money(fact):
    m = re.fullmatch(r"\$(\d{1,3}(?:,\d{3})+)", fact)
    return int(m.group(1).replace(",", "")) if m else None


class Checker:
    def __init__(self):
        self.refs, self.salaries = load_content()
        self.all_figures = {v for pair in self.salaries.values() for v in pair}
        self.errors = []
        self.warnings = []
        self.ids = set()
        self.texts = {}

    def err(self, where, msg):
        self.errors.append(f"{where}: {msg}")

    def check_text(self, where, item):
        has_text = "text" in item
        has_rep = "text_repeat" in item
        has_press = "press" in item
        if has_text + has_rep + has_press != 1:
            self.err(where, "needs exactly one of text / text_repeat / press")
            return None
        if has_text:
            t = item["text"]
            if not isinstance(t, str) or not t.strip():
                self.err(where, "text must be a non-empty string")
                return None
            return t
        if has_rep:
            r = item["text_repeat"]
            if not (
                isinstance(r, dict)
                and set(r) == {"unit", "times"}
                and isinstance(r["unit"], str)
                and r["unit"]
                and isinstance(r["times"], int)
                and r["times"] > 0
            ):
                self.err(where, "text_repeat must be {unit: str, times: int}")
                return None
            if len(r["unit"]) * r["times"] > 20000:
                self.err(where, "text_repeat longer than 20,000 characters")
            return f"<repeat {r['unit']!r} x{r['times']}>"
        if not isinstance(item["press"], str) or not item["press"]:
            self.err(where, "press must be a non-empty string")
        return None

    def check_expect(self, where, exp):
        if not isinstance(exp, dict):
            self.err(where, "expect must be a mapping")
            return
        extra = set(exp) - {"intent", "topics", "facts", "covered"}
        if extra:
            self.err(where, f"unknown expect keys {sorted(extra)}")
        intent = exp.get("intent")
        if intent not in INTENTS:
            self.err(where, f"unknown intent {intent!r}")
        topics = exp.get("topics", []) or []
        facts = exp.get("facts", []) or []
        covered = exp.get("covered", []) or []
        for name, lst in (("topics", topics), ("facts", facts), ("covered", covered)):
            if not isinstance(lst, list) or not all(isinstance(x, str) and x for x in lst):
                self.err(where, f"{name} must be a list of non-empty strings")
                return
            if len(set(lst)) != len(lst):
                self.err(where, f"duplicate entries in {name}")
        for ref in topics + covered:
            if ref not in self.refs:
                self.err(where, f"unknown topic ref {ref!r}")
        if covered and intent != "personal":
            self.err(where, "covered is only for intent personal")
        for ref in covered:
            if not ref.startswith("skill:"):
                self.err(where, f"covered must list skills, not {ref!r}")
        kinds = {kind(t) for t in topics}
        if intent in EMPTY_TOPICS and topics:
            self.err(where, f"intent {intent} expects no topics, got {topics}")
        if intent in NEEDS and not kinds & NEEDS[intent]:
            self.err(where, f"intent {intent} needs a topic of kind {sorted(NEEDS[intent])}")
        if intent in ("salary", "ranking", "limit_region") and kinds - {"career"}:
            self.err(where, f"intent {intent} takes career topics only")
        if intent == "salary" and len(topics) > 1:
            self.err(where, "salary takes one career (or none for the table)")
        if intent in ("compare",) and len(topics) < 2:
            self.err(where, "compare needs two topics")
        if intent == "ranking" and not topics:
            self.err(where, "ranking needs the role(s) it is about")
        if intent == "chances" and (not topics or kinds - {"topic:education", "topic:experience", "career"}):
            self.err(where, "chances takes topic:education / topic:experience")
        if intent == "personal" and not topics:
            self.err(where, "personal needs the goal as topic")
        # Salary facts must be real figures; for one-role salary cases, that role's.
        for f in facts:
            v = money(f)
            if f.startswith("$") and f != "$" and v is None:
                self.err(where, f"salary fact {f!r} not in the $120,000 format")
            if v is not None and v not in self.all_figures:
                self.err(where, f"salary fact {f!r} is not a figure in careers.yaml")
            if v is not None and intent == "salary" and len(topics) == 1:
                cid = topics[0].split(":", 1)[1]
                if v not in self.salaries[cid]:
                    self.err(where, f"{f} is not part of {cid}'s range {self.salaries[cid]}")
            if v is not None and intent == "compare" and topics:
                cids = [t.split(":", 1)[1] for t in topics if t.startswith("career:")]
                if cids and not any(v in self.salaries[c] for c in cids):
                    self.err(where, f"{f} belongs to none of {cids}")

    def note_text(self, where, text):
        if text is None:
            return
        key = re.sub(r"\W+", " ", text.lower()).strip() or text.strip()
        if key in self.texts:
            if frozenset({where, self.texts[key]}) in KNOWN_SAME:
                self.warnings.append(f"known same text: {self.texts[key]} = {where}")
            else:
                self.err(where, f"same text as {self.texts[key]}")
        self.texts[key] = where

    def check_file(self, label, path, case_prefix, conv_prefix):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or set(data) != {"cases", "conversations"}:
            self.err(str(path), "top level must have exactly cases and conversations")
            return Counter(), 0
        counts = Counter()
        for i, case in enumerate(data["cases"] or []):
            cid = case.get("id", f"#{i}")
            where = f"{label}:{cid}"
            if not re.fullmatch(rf"{case_prefix}\d{{3}}", str(cid)):
                self.err(where, f"id must look like {case_prefix}###")
            if cid in self.ids:
                self.err(where, "duplicate id")
            self.ids.add(cid)
            extra = set(case) - {"id", "category", "text", "text_repeat", "expect"}
            if extra:
                self.err(where, f"unknown keys {sorted(extra)}")
            cat = case.get("category")
            if cat not in CATEGORIES or cat == "followup":
                self.err(where, f"bad category {cat!r} for a single-turn case")
            if "press" in case:
                self.err(where, "single-turn cases cannot press buttons")
            self.note_text(where, self.check_text(where, case))
            self.check_expect(where, case.get("expect"))
            counts[cat] += 1
        convs = data["conversations"] or []
        for i, conv in enumerate(convs):
            cid = conv.get("id", f"#{i}")
            where = f"{label}:{cid}"
            if not re.fullmatch(rf"{conv_prefix}\d{{2}}", str(cid)):
                self.err(where, f"id must look like {conv_prefix}##")
            if cid in self.ids:
                self.err(where, "duplicate id")
            self.ids.add(cid)
            if conv.get("category") != "followup":
                self.err(where, "conversation category must be followup")
            turns = conv.get("turns") or []
            if not 2 <= len(turns) <= 4:
                self.err(where, f"{len(turns)} turns (want 2-4)")
            for j, turn in enumerate(turns, 1):
                tw = f"{where}.{j}"
                extra = set(turn) - {"text", "press", "expect"}
                if extra:
                    self.err(tw, f"unknown keys {sorted(extra)}")
                self.check_text(tw, turn)
                self.check_expect(tw, turn.get("expect"))
            counts["followup"] += 1
        return counts, len(convs)

    def near_copies(self, limit=0.9, only=None):
        keys = list(self.texts.items())
        out = []
        for a in range(len(keys)):
            for b in range(a + 1, len(keys)):
                if only and not (keys[a][1].startswith(only + ":") or keys[b][1].startswith(only + ":")):
                    continue
                ka, kb = keys[a][0], keys[b][0]
                if len(ka) < 12 or len(kb) < 12:
                    continue
                sm = difflib.SequenceMatcher(None, ka, kb)
                # real_quick_ratio and quick_ratio are upper bounds of ratio: cheap filters.
                if sm.real_quick_ratio() >= limit and sm.quick_ratio() >= limit and sm.ratio() >= limit:
                    out.append(f"{keys[a][1]} ~ {keys[b][1]}")
        return out


def main():
    quiet = "--quiet" in sys.argv
    only = sys.argv[sys.argv.index("--only") + 1] if "--only" in sys.argv[:-1] else None
    ch = Checker()
    table = {}
    convs = {}
    for label, (path, cp, vp) in FILES.items():
        if not path.exists():
            ch.err(label, f"missing {path}")
            continue
        table[label], convs[label] = ch.check_file(label, path, cp, vp)
    singles = {k: sum(v for c, v in t.items() if c != "followup") for k, t in table.items()}
    for label in table:
        want_single, want_conv = FILE_MIN[label]
        if singles[label] < want_single or convs[label] < want_conv:
            ch.err(
                label,
                f"{singles[label]} single-turn cases and {convs[label]} conversations"
                f" (want >= {want_single} and >= {want_conv})",
            )
    if sum(singles.values()) < MIN_SINGLE:
        ch.err("total", f"{sum(singles.values())} single-turn cases (want >= {MIN_SINGLE})")
    if sum(convs.values()) < MIN_CONV:
        ch.err("total", f"{sum(convs.values())} conversations (want >= {MIN_CONV})")
    for cat in CATEGORIES:
        if cat != "followup" and any(table.get(f, {}).get(cat, 0) == 0 for f in FILES):
            ch.err("counts", f"category {cat} empty in a file")
    near = ch.near_copies(only=only)
    if not quiet:
        labels = list(table)
        print(f"{'category':14}" + "".join(f"{lab:>7}" for lab in labels) + "  suggested")
        for cat in CATEGORIES:
            print(
                f"{cat:14}"
                + "".join(f"{table[lab].get(cat, 0):7}" for lab in labels)
                + f"  {SUGGESTED.get(cat, 15):9}"
            )
        print(f"{'single total':14}" + "".join(f"{singles[lab]:7}" for lab in labels))
        print(f"{'conversations':14}" + "".join(f"{convs[lab]:7}" for lab in labels))
        for n in near:
            print("warning: near-copy texts:", n)
        for w in ch.warnings:
            print("warning:", w)
    for e in ch.errors:
        print("error:", e)
    print("OK" if not ch.errors else f"{len(ch.errors)} error(s)")
    return 1 if ch.errors else 0


if __name__ == "__main__":
    sys.exit(main())
