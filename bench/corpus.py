#!/usr/bin/env python3
"""Write a seeded benchmark corpus for Policy Atlas and the same briefs for Hugo, Pelican and MkDocs.

    python3 bench/corpus.py --briefs 10000 --jurisdictions 200 --policies 2000 --seed 1 --out DIR

DIR/content/   a Policy Atlas content folder (site.yaml and dimensions.yaml copied from the shipped
               content/, J jurisdictions, P policies, N briefs); it passes `generator check`.
DIR/hugo/      hugo.toml, content/briefs/*.md (+ _index.md) and a minimal single/list layout.
DIR/pelican/   pelicanconf.py, content/*.md and a minimal theme (articles, index and one feed only).
DIR/mkdocs/    mkdocs.yml, docs/*.md (+ an index listing every brief) and a minimal theme.

The same seed and sizes always give the same bytes. Only the standard library and PyYAML (which
Policy Atlas itself depends on) are used. This file is a benchmark tool, not part of the generator.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
BASE_URL = "https://example.org/"
FEED_SIZE = 50  # entries in the one feed, as in Policy Atlas's feed.xml
FORMAT = 3  # bump when the files written change, so that bench/run.py regenerates a stored corpus

# Real ISO 3166-1 numeric codes, handed out to the first generated countries so that maps have
# something to draw; countries beyond this list simply have no code (the field is optional).
ISO_NUMERIC = """
004 008 012 024 032 036 040 050 056 068 076 100 104 112 116 120 124 144 152 156 170 180 188 191
192 203 208 214 218 231 232 233 242 246 250 266 268 276 288 300 320 324 332 340 348 352 356 360
364 368 372 376 380 384 392 398 400 404 408 410 414 417 418 422 426 428 430 434 440 442 450 454
458 466 478 484 496 498 504 508 512 516 524 528 540 554 558 562 566 578 586 591 598 600 604 608
616 620 630 634 642 643 646 682 686 688 694 702 703 704 705 706 710 716 724 729 740 748 752 756
760 762 764 768 780 784 788 792 795 800 804 807 818 826 834 840 854 858 860 862 887 894
""".split()

SYLLABLES = ("al ar bel bor ca cor da del do el en fa gar ha ir ka ken la lor ma mar mon na nor "
             "o pa per ra ri ro sa sel ta tor u va vel wa ya za zel").split()
SUFFIXES = ("ia", "land", "stan", "ora", "ica", "ania", "ovia", "esh", "ay", "ine")
SUPRA_NAMES = ("Union", "Economic Community", "Council", "Cooperation Area", "Common Market", "Partnership")
STATE_WORDS = ("Province", "State", "Region", "Canton", "Territory", "County")
CITY_WORDS = ("City", "Port", "Town", "Heights", "Falls", "Harbour")

MODALITIES = ["face", "fingerprint", "iris", "palm", "vein", "voice", "dna", "gait", "keystroke",
              "emotion", "signature", "other"]
POLICY_TYPES = ["statute", "statute", "statute", "regulation", "regulation", "court_ruling", "enforcement",
                "programme", "proposal", "guidance"]
TYPE_WORDS = {
    "statute": ("Biometric Privacy Act", "Personal Data Protection Act", "Data Protection Law",
                "Facial Recognition Act", "Genetic Information Act", "Surveillance Technology Act"),
    "regulation": ("Biometric Data Regulation", "Implementing Rules on Biometric Data",
                   "Decree on Identity Verification", "Regulation on Remote Identification"),
    "court_ruling": ("ruling on police face recognition", "decision on the national identity card",
                     "judgment on biometric consent", "ruling on DNA retention"),
    "enforcement": ("fine against a retail face-scanning system", "order against a facial search engine",
                    "settlement over workplace fingerprinting", "penalty for unlawful voiceprint collection"),
    "programme": ("National Biometric Identity Programme", "Border Biometrics Programme",
                  "Police Facial Search System", "Biometric Voter Registration"),
    "proposal": ("Biometric Privacy Bill", "Facial Recognition Moratorium Bill",
                 "Proposal for a Biometric Database Law", "Bill on Emotion Recognition"),
    "guidance": ("Guidance on Biometric Recognition", "Code of Practice on Face Recognition",
                 "Guidelines on Biometric Data in Employment"),
}
PUBLISHERS = ("Official Gazette", "Ministry of Justice", "Data Protection Authority", "Supreme Court",
              "Parliamentary Library", "Legal Information Institute", "Law Review (secondary source)")
SOURCE_HOSTS = ("laws.example.gov", "gazette.example.int", "dpa.example.org", "courts.example.net",
                "parliament.example.gov", "news.example.com")

TOPICS = ("consent", "retention", "face recognition", "police use", "the national ID database",
          "emotion recognition", "cross-border transfers", "fines", "oversight", "voice biometrics",
          "DNA databases", "workplace fingerprinting", "school surveillance", "border control")
AUTHORS = ("Policy Atlas editors", "A. Rivera", "M. Chen", "S. Okafor", "L. Novak", "P. Sharma",
           "J. Lindqvist", "R. Haddad")
SUBJECTS = ("The regulator", "The court", "The ministry", "Parliament", "The data protection authority",
            "The police", "A civil-liberties group", "The legislature", "The supervisory authority",
            "The city council", "The government", "A coalition of employers")
VERBS = ("narrowed", "extended", "clarified", "challenged", "suspended", "confirmed", "tightened",
         "relaxed", "reviewed", "questioned", "upheld", "limited")
OBJECTS = ("the rules on biometric consent", "the retention period for face templates",
           "the use of live face recognition in public", "the duty to publish a retention policy",
           "the exemptions for law enforcement", "the cap on administrative fines",
           "the legal basis for the national database", "the powers of the supervisory authority",
           "the notice required before collection", "the sale of biometric identifiers",
           "the transfer of templates abroad", "the ban on emotion recognition at work")
QUALIFIERS = ("after a long consultation", "in a closely watched case", "with immediate effect",
              "despite strong objections from industry", "following a data breach",
              "in response to a court order", "for the first time", "with several exceptions",
              "pending a full review", "after years of litigation")
CLOSERS = ("Critics say the change does not go far enough.",
           "Supporters argue that it brings legal certainty.",
           "The practical effect will depend on enforcement.",
           "Several questions remain open for the courts.",
           "Businesses have a transition period to comply.",
           "The text has not yet been published in the official journal.")


def _title(text: str) -> str:
    return text[:1].upper() + text[1:]


class Corpus:
    def __init__(self, briefs: int, jurisdictions: int, policies: int, seed: int):
        if jurisdictions < 1 or policies < 0 or briefs < 0:
            raise SystemExit("corpus.py: need --jurisdictions >= 1, --policies >= 0, --briefs >= 0")
        self.n_briefs, self.n_jur, self.n_pol = briefs, jurisdictions, policies
        self.rng = random.Random(seed)
        # Sectors and official texts draw from their own stream, so the rest of the corpus is as before.
        self.precision_rng = random.Random(f"precision-{seed}")
        self.site = yaml.safe_load((REPO / "content" / "site.yaml").read_text(encoding="utf-8"))
        self.dimensions = yaml.safe_load((REPO / "content" / "dimensions.yaml").read_text(encoding="utf-8"))
        self.regions = [r["id"] for r in self.site["regions"]]
        self.used_names: set[str] = set()
        self.jurisdictions: list[dict] = []
        self.policies: list[dict] = []
        self.briefs: list[dict] = []  # {slug, meta, body (with [[id]] links)}
        self.titles: dict[str, tuple[str, str]] = {}  # id -> (title, url path)

    # ---------------------------------------------------------------- names
    def _name(self) -> str:
        while True:
            name = "".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(1, 2)))
            name = (name + self.rng.choice(SUFFIXES)).capitalize()
            if name not in self.used_names:
                self.used_names.add(name)
                return name

    def _date(self, start: dt.date, max_days: int) -> dt.date:
        return start + dt.timedelta(days=self.rng.randint(1, max_days))

    # ---------------------------------------------------------------- jurisdictions
    def make_jurisdictions(self) -> None:
        j = self.n_jur
        n_supra = max(1, j // 50) if j >= 4 else (1 if j >= 2 else 0)
        n_country = max(1, round(j * 0.35))
        n_state = max(0, round(j * 0.35)) if j >= 3 else 0
        n_country = min(n_country, j - n_supra)
        n_state = min(n_state, j - n_supra - n_country)
        n_city = j - n_supra - n_country - n_state
        rng = self.rng
        supras, countries, states = [], [], []
        for i in range(n_supra):
            region = self.regions[i % len(self.regions)]
            name = f"{self._name()} {rng.choice(SUPRA_NAMES)}"
            supras.append(self._jurisdiction(f"sn{i + 1:02d}", name, "supranational", None, region))
        iso = list(ISO_NUMERIC)
        for i in range(n_country):
            region = self.regions[i % len(self.regions)]
            parents = [s for s in supras if s["region"] == region]
            parent = parents[0]["id"] if parents and rng.random() < 0.6 else None
            jur = self._jurisdiction(f"c{i + 1:03d}", self._name(), "country", parent, region)
            if iso:
                jur["iso_numeric"] = iso.pop(0)
            countries.append(jur)
        for i in range(n_state):
            parent = countries[i % len(countries)]
            name = f"{self._name()} {rng.choice(STATE_WORDS)}"
            states.append(self._jurisdiction(f"{parent['id']}-s{i // len(countries) + 1:02d}", name, "state",
                                             parent["id"], parent["region"]))
        for i in range(n_city):
            pool = states or countries
            parent = pool[i % len(pool)]
            name = f"{self._name()} {rng.choice(CITY_WORDS)}"
            self._jurisdiction(f"{parent['id']}-m{i // len(pool) + 1:02d}", name, "city", parent["id"],
                               parent["region"])

    def _jurisdiction(self, ident, name, kind, parent, region) -> dict:
        rng = self.rng
        record = {"id": ident, "name": name}
        if kind == "country" and rng.random() < 0.4:
            record["official_name"] = f"Republic of {name}"
        record["kind"] = kind
        if parent:
            record["parent"] = parent
        record["region"] = region
        record["summary"] = (f"{name} is a {kind.replace('_', ' ')} in the benchmark corpus. "
                             f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} "
                             f"{rng.choice(QUALIFIERS)}. {rng.choice(CLOSERS)}")
        if rng.random() < 0.7:
            authorities = [{"name": f"{name} Data Protection Commission",
                            "role": "Supervises the processing of personal data, including biometrics"}]
            if rng.random() < 0.5:
                authorities[0]["url"] = f"https://dpa.example.org/{ident}/"
            if rng.random() < 0.4:
                authorities.append({"name": f"{name} courts", "role": "Hear claims under the data-protection law"})
            record["authorities"] = authorities
        self.jurisdictions.append(record)
        self.titles[ident] = (name, f"jurisdictions/{ident}/")
        return record

    # ---------------------------------------------------------------- policies
    def _history(self, kind: str) -> list[dict]:
        rng = self.rng
        start = dt.date(1995, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 29))
        if kind in ("statute", "regulation"):
            statuses = (["proposed"] if rng.random() < 0.5 else []) + (["adopted"] if rng.random() < 0.4 else [])
            statuses += ["in_force"] + ["amended"] * rng.randint(0, 2)
            if rng.random() < 0.08:
                statuses.append("repealed")
        elif kind == "court_ruling":
            statuses = ["decided"] + (["overturned"] if rng.random() < 0.15 else [])
        elif kind == "enforcement":
            statuses = [rng.choice(["decided", "settled"])]
        elif kind == "programme":
            statuses = ["in_force"] + (["suspended"] if rng.random() < 0.1 else [])
        elif kind == "proposal":
            statuses = ["proposed"] + ([rng.choice(["withdrawn", "lapsed"])] if rng.random() < 0.3 else [])
        else:
            statuses = ["in_force"]
        history, day = [], start
        for status in statuses:
            date: object = day.isoformat()
            if rng.random() < 0.08:
                date = day.strftime("%Y-%m")  # a date known only to the month
            entry = {"date": date, "status": status}
            if rng.random() < 0.8:
                entry["note"] = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}."
            history.append(entry)
            day = self._date(day.replace(day=1) + dt.timedelta(days=62), 900)  # next entry: a later month
            if day > dt.date(2026, 6, 30):
                day = dt.date(2026, 6, 30)
        return history

    def make_policies(self) -> None:
        rng = self.rng
        jurisdictions = self.jurisdictions
        for i in range(self.n_pol):
            jur = jurisdictions[i % len(jurisdictions)] if i < len(jurisdictions) else rng.choice(jurisdictions)
            kind = rng.choice(POLICY_TYPES)
            base = rng.choice(TYPE_WORDS[kind])
            year = None
            history = self._history(kind)
            year = str(history[0]["date"])[:4]
            title = f"{jur['name']} {base} {year}" if kind not in ("court_ruling", "enforcement") else \
                f"{_title(base)} ({jur['name']}, {year})"
            ident = f"{jur['id']}-p{i + 1:05d}"
            n_sources = rng.randint(1, 3)
            sources = []
            for s in range(n_sources):
                host = rng.choice(SOURCE_HOSTS)
                source = {"id": f"src-{s + 1}", "title": f"{title} — {rng.choice(('full text', 'official summary', 'explanatory memorandum', 'press release', 'commentary'))}",
                          "publisher": rng.choice(PUBLISHERS),
                          "url": f"https://{host}/{jur['id']}/{year}/{i + 1}/{s + 1}"}
                if rng.random() < 0.5:
                    source["date"] = str(history[0]["date"])
                source["accessed"] = (dt.date(2026, 1, 1) + dt.timedelta(days=rng.randint(0, 300))).isoformat()
                source["kind"] = rng.choice(("official", "secondary", "news"))
                sources.append(source)
            source_ids = [s["id"] for s in sources]
            for entry in history:
                if "note" in entry and rng.random() < 0.6:
                    entry["cite"] = {"source": rng.choice(source_ids)}
            provisions = {}
            for dim in rng.sample(self.dimensions, rng.randint(3, min(9, len(self.dimensions)))):
                values = [v["id"] for v in dim["values"]]
                value = "unknown" if rng.random() < 0.07 else rng.choice(values[:-1])
                provision = {"value": value,
                             "note": f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} "
                                     f"{rng.choice(QUALIFIERS)} (art. {rng.randint(1, 99)}).",
                             "cite": {"source": rng.choice(source_ids), "pinpoint": f"Art. {rng.randint(1, 99)}"}}
                if rng.random() < 0.05:
                    first = dt.date.fromisoformat(str(history[0]["date"]) + ("-01" if len(str(history[0]["date"])) == 7 else ""))
                    provision["from"] = (first + dt.timedelta(days=rng.randint(180, 900))).isoformat()
                provisions[dim["id"]] = self._sectors(provision, dim, values)
            record = {"id": ident, "title": title}
            if self.precision_rng.random() < 0.3:
                record["official_text"] = {"url": f"https://gazette.example.int/{jur['id']}/{year}/{i + 1}"}
                if self.precision_rng.random() < 0.7:
                    record["official_text"]["accessed"] = sources[0]["accessed"]
            if rng.random() < 0.3:
                record["short_title"] = "".join(w[0] for w in base.split() if w[:1].isupper()) or base.split()[0]
            record["jurisdiction"] = jur["id"]
            if rng.random() < 0.03:
                record["applies_to"] = [rng.choice(jurisdictions)["id"]]
                if record["applies_to"] == [jur["id"]]:
                    del record["applies_to"]
            record["type"] = kind
            record["history"] = history
            record["modalities"] = sorted(rng.sample(MODALITIES, rng.randint(1, 4)), key=MODALITIES.index)
            record["summary"] = (f"{_title(base)} of {jur['name']}. {rng.choice(SUBJECTS)} {rng.choice(VERBS)} "
                                 f"{rng.choice(OBJECTS)} {rng.choice(QUALIFIERS)}. {rng.choice(CLOSERS)}")
            record["provisions"] = provisions
            record["sources"] = sources
            if rng.random() < 0.5:
                record["tags"] = rng.sample(["biometrics", "privacy", "policing", "identity", "employment",
                                             "surveillance", "consumer protection"], 2)
            self.policies.append(record)
            self.titles[ident] = (title, f"policies/{ident}/")

    def _sectors(self, provision: dict, dimension: dict, values: list[str]):
        """Return the provision binding both sectors (most), one sector, or split into one per sector."""
        if not dimension.get("by_sector", True):
            return provision
        roll = self.precision_rng.random()
        if roll < 0.8:
            return provision
        if roll < 0.95:
            return {**provision, "sector": self.precision_rng.choice(("public", "private"))}
        other = {**provision, "value": self.precision_rng.choice(values[:-1]), "sector": "private"}
        return [{**provision, "sector": "public"}, other]

    # ---------------------------------------------------------------- briefs
    def _sentence(self) -> str:
        rng = self.rng
        return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(QUALIFIERS)}."

    def _paragraph(self, links: list[str], n: int) -> str:
        parts = [self._sentence() for _ in range(n)]
        if links and self.rng.random() < 0.7:
            ident = links.pop()
            form = f"[[{ident}]]" if self.rng.random() < 0.5 else f"[[{ident}|the record]]"
            parts.insert(self.rng.randint(0, len(parts)), f"See {form} for the details.")
        if self.rng.random() < 0.4:
            host = self.rng.choice(SOURCE_HOSTS)
            parts.append(f"The [official text](https://{host}/doc/{self.rng.randint(1, 99999)}) is public.")
        return " ".join(parts)

    def make_briefs(self) -> None:
        rng = self.rng
        dims = [d["id"] for d in self.dimensions]
        for i in range(self.n_briefs):
            topic = rng.choice(TOPICS)
            jurs = rng.sample(self.jurisdictions, min(len(self.jurisdictions), rng.randint(1, 3)))
            pols = rng.sample(self.policies, min(len(self.policies), rng.randint(0, 3)))
            place = jurs[0]["name"]
            title = f"{_title(topic)} in {place}: {rng.choice(('what changed', 'a short guide', 'the open questions', 'the state of play', 'who decides'))}"
            slug = f"brief-{i + 1:06d}-" + re.sub(r"[^a-z0-9]+", "-", f"{topic} {place}".lower()).strip("-")
            date = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 11 + 100))
            meta = {"title": title, "date": date.isoformat(),
                    "authors": rng.sample(AUTHORS, rng.randint(1, 2)),
                    "summary": f"How {place} handles {topic}. {self._sentence()}",
                    "jurisdictions": [j["id"] for j in jurs]}
            if pols:
                meta["policies"] = [p["id"] for p in pols]
            meta["tags"] = sorted({topic.replace(" ", "-").lower(), rng.choice(("analysis", "explainer", "update", "litigation"))})
            links = [j["id"] for j in jurs] + [p["id"] for p in pols] + [rng.choice(dims)]
            rng.shuffle(links)
            body = [self._paragraph(links, 2), "", f"## What the rules say on {topic}", "",
                    self._paragraph(links, 2), ""]
            body += [f"- **{_title(rng.choice(OBJECTS))}**: {rng.choice(CLOSERS).lower()}" for _ in range(rng.randint(2, 4))]
            body += ["", "### At a glance", "", "| Question | Answer | Since |", "|---|---|---|"]
            for _ in range(rng.randint(2, 4)):
                body.append(f"| {_title(rng.choice(OBJECTS))} | {rng.choice(('Yes', 'No', 'Partly', 'Unclear'))} | "
                            f"{rng.randint(2000, 2026)} |")
            body += ["", "## What comes next", "", self._paragraph(links, 2)]
            if rng.random() < 0.5:
                body += ["", "1. " + self._sentence(), "2. " + self._sentence()]
            if rng.random() < 0.3:
                body[-1] += "[^1]"
                body += ["", f"[^1]: {rng.choice(PUBLISHERS)}, https://{rng.choice(SOURCE_HOSTS)}/note/{i + 1}"]
            self.briefs.append({"slug": slug, "meta": meta, "body": "\n".join(body) + "\n"})
            self.titles[slug] = (title, f"briefs/{slug}/")
        for dim in self.dimensions:
            self.titles[dim["id"]] = (dim["label"], f"compare/{dim['id']}/")

    # ---------------------------------------------------------------- writers
    def _peer_body(self, body: str) -> str:
        """The brief's Markdown with [[id]] and [[id|text]] turned into plain links for the peers."""
        def link(match: re.Match) -> str:
            ident, text = match.group(1), match.group(2)
            title, path = self.titles[ident]
            return f"[{text or title}]({BASE_URL}{path})"
        return re.sub(r"\[\[([a-z0-9_-]+)(?:\|([^\]]+))?\]\]", link, body)

    def write(self, out: Path) -> None:
        content = out / "content"
        for sub in ("content", "hugo", "pelican", "mkdocs"):
            if (out / sub).exists():
                shutil.rmtree(out / sub)
        for folder in ("jurisdictions", "policies", "briefs"):
            (content / folder).mkdir(parents=True)
        shutil.copyfile(REPO / "content" / "site.yaml", content / "site.yaml")
        shutil.copyfile(REPO / "content" / "dimensions.yaml", content / "dimensions.yaml")
        for kind, records in (("jurisdiction", self.jurisdictions), ("policy", self.policies)):
            folder = content / ("jurisdictions" if kind == "jurisdiction" else "policies")
            for record in records:
                text = (f"# yaml-language-server: $schema=../../generator/schemas/{kind}.schema.json\n"
                        + yaml.safe_dump(record, sort_keys=False, allow_unicode=True, width=100))
                (folder / f"{record['id']}.yaml").write_text(text, encoding="utf-8")
        for brief in self.briefs:
            (content / "briefs" / f"{brief['slug']}.md").write_text(
                "---\n" + yaml.safe_dump(brief["meta"], sort_keys=False, allow_unicode=True, width=100)
                + "---\n" + brief["body"], encoding="utf-8")
        self._write_hugo(out / "hugo")
        self._write_pelican(out / "pelican")
        self._write_mkdocs(out / "mkdocs")

    def _write_hugo(self, root: Path) -> None:
        (root / "content" / "briefs").mkdir(parents=True)
        (root / "layouts" / "_default").mkdir(parents=True)
        (root / "hugo.toml").write_text(
            f'baseURL = "{BASE_URL}"\ntitle = {json.dumps(self.site["title"])}\n'
            'disableKinds = ["taxonomy", "term"]\nenableRobotsTXT = true\n'
            '[outputs]\n  home = ["html", "rss"]\n  section = ["html"]\n'
            f"[services.rss]\n  limit = {FEED_SIZE}\n"
            "[markup.goldmark.renderer]\n  unsafe = false\n", encoding="utf-8")
        (root / "content" / "_index.md").write_text(f"---\ntitle: {json.dumps(self.site['title'])}\n---\n",
                                                    encoding="utf-8")
        (root / "content" / "briefs" / "_index.md").write_text("---\ntitle: Briefs\n---\n", encoding="utf-8")
        for brief in self.briefs:
            (root / "content" / "briefs" / f"{brief['slug']}.md").write_text(
                "---\n" + yaml.safe_dump(brief["meta"], sort_keys=False, allow_unicode=True, width=100)
                + "---\n" + self._peer_body(brief["body"]), encoding="utf-8")
        head = ('<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
                '<title>{{ .Title }} · {{ .Site.Title }}</title>'
                '<meta name="viewport" content="width=device-width, initial-scale=1"></head>\n<body>\n'
                '<header><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a></header>\n<main>\n')
        foot = "</main>\n</body></html>\n"
        (root / "layouts" / "_default" / "single.html").write_text(
            head + '<article><h1>{{ .Title }}</h1>\n<p><time>{{ .Date.Format "2 January 2006" }}</time>'
            ' · {{ delimit .Params.authors ", " }}</p>\n<p>{{ .Summary }}</p>\n{{ .Content }}\n'
            '<p>Tags: {{ delimit .Params.tags ", " }}</p></article>\n' + foot, encoding="utf-8")
        (root / "layouts" / "_default" / "list.html").write_text(
            head + '<h1>{{ .Title }}</h1>\n<ul>\n{{ range .Site.RegularPages.ByDate.Reverse }}'
            '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time>'
            '<p>{{ .Params.summary }}</p></li>\n{{ end }}</ul>\n' + foot, encoding="utf-8")

    def _write_pelican(self, root: Path) -> None:
        (root / "content").mkdir(parents=True)
        templates = root / "theme" / "templates"
        templates.mkdir(parents=True)
        (root / "theme" / "static").mkdir()
        (root / "theme" / "static" / "style.css").write_text("body{font-family:sans-serif}\n", encoding="utf-8")
        (root / "pelicanconf.py").write_text(f'''\
AUTHOR = "Policy Atlas editors"
SITENAME = {json.dumps(self.site["title"])}
SITEURL = "{BASE_URL.rstrip("/")}"
PATH = "content"
THEME = "theme"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%-d %B %Y"
DEFAULT_PAGINATION = False
ARTICLE_URL = "briefs/{{slug}}/"
ARTICLE_SAVE_AS = "briefs/{{slug}}/index.html"
DIRECT_TEMPLATES = ["index"]
TAG_SAVE_AS = CATEGORY_SAVE_AS = AUTHOR_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_SAVE_AS = DAY_ARCHIVE_SAVE_AS = ""
FEED_ALL_ATOM = "feed.xml"
FEED_MAX_ITEMS = {FEED_SIZE}
CATEGORY_FEED_ATOM = AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = TRANSLATION_FEED_ATOM = None
RELATIVE_URLS = False
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
MARKDOWN = {{
    "extension_configs": {{
        "markdown.extensions.extra": {{}},
        "markdown.extensions.toc": {{}},
    }},
    "output_format": "html5",
}}
''', encoding="utf-8")
        base = ('<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
                '<title>{% block title %}{{ SITENAME }}{% endblock %}</title>'
                '<meta name="viewport" content="width=device-width, initial-scale=1"></head>\n<body>\n'
                '<header><a href="{{ SITEURL }}/">{{ SITENAME }}</a></header>\n<main>\n'
                '{% block content %}{% endblock %}\n</main>\n</body></html>\n')
        (templates / "base.html").write_text(base, encoding="utf-8")
        (templates / "article.html").write_text(
            '{% extends "base.html" %}{% block title %}{{ article.title|striptags }} · {{ SITENAME }}{% endblock %}\n'
            '{% block content %}<article><h1>{{ article.title }}</h1>\n<p><time>{{ article.locale_date }}</time> · '
            '{{ article.authors|join(", ") }}</p>\n<div>{{ article.summary }}</div>\n{{ article.content }}\n'
            '<p>Tags: {{ article.tags|join(", ") }}</p></article>{% endblock %}\n', encoding="utf-8")
        listing = ('{% extends "base.html" %}{% block content %}<h1>Briefs</h1>\n<ul>\n{% for article in articles %}'
                   '<li><a href="{{ SITEURL }}/{{ article.url }}">{{ article.title }}</a> '
                   '<time>{{ article.date.strftime("%Y-%m-%d") }}</time><div>{{ article.summary }}</div></li>\n'
                   '{% endfor %}</ul>{% endblock %}\n')
        for name in ("index.html", "archives.html", "tags.html", "categories.html", "authors.html",
                     "tag.html", "category.html", "author.html", "period_archives.html"):
            (templates / name).write_text(listing, encoding="utf-8")
        (templates / "page.html").write_text(
            '{% extends "base.html" %}{% block content %}<h1>{{ page.title }}</h1>{{ page.content }}{% endblock %}\n',
            encoding="utf-8")
        for brief in self.briefs:
            meta = brief["meta"]
            header = [f"Title: {meta['title']}", f"Date: {meta['date']}", f"Slug: {brief['slug']}",
                      f"Authors: {', '.join(meta['authors'])}", "Category: Briefs",
                      f"Tags: {', '.join(meta['tags'])}", f"Summary: {meta['summary']}",
                      f"Jurisdictions: {', '.join(meta['jurisdictions'])}"]
            if meta.get("policies"):
                header.append(f"Policies: {', '.join(meta['policies'])}")
            (root / "content" / f"{brief['slug']}.md").write_text(
                "\n".join(header) + "\n\n" + self._peer_body(brief["body"]), encoding="utf-8")

    def _write_mkdocs(self, root: Path) -> None:
        (root / "docs" / "briefs").mkdir(parents=True)
        (root / "theme").mkdir()
        (root / "mkdocs.yml").write_text(
            f"site_name: {json.dumps(self.site['title'])}\nsite_url: {BASE_URL}\ndocs_dir: docs\n"
            "use_directory_urls: true\ntheme:\n  name: null\n  custom_dir: theme\nplugins: []\n"
            "markdown_extensions:\n  - tables\n  - footnotes\n  - toc\n", encoding="utf-8")
        (root / "theme" / "main.html").write_text(
            '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
            '<title>{{ page.title }} · {{ config.site_name }}</title>'
            '<meta name="viewport" content="width=device-width, initial-scale=1"></head>\n<body>\n'
            '<header><a href="{{ base_url }}/">{{ config.site_name }}</a></header>\n<main><article>\n'
            '{% if page.meta.date %}<p><time>{{ page.meta.date }}</time> · {{ (page.meta.authors or [])|join(", ") }}</p>'
            '<p>{{ page.meta.summary }}</p>{% endif %}\n{{ page.content }}\n'
            '{% if page.meta.tags %}<p>Tags: {{ page.meta.tags|join(", ") }}</p>{% endif %}\n'
            '</article></main>\n</body></html>\n', encoding="utf-8")
        index = [f"# {self.site['title']}", "", "## Briefs", ""]
        for brief in sorted(self.briefs, key=lambda b: b["meta"]["date"], reverse=True):
            index.append(f"- [{brief['meta']['title']}](briefs/{brief['slug']}.md) {brief['meta']['date']}: "
                         f"{brief['meta']['summary']}")
        (root / "docs" / "index.md").write_text("\n".join(index) + "\n", encoding="utf-8")
        for brief in self.briefs:
            meta = dict(brief["meta"])
            (root / "docs" / "briefs" / f"{brief['slug']}.md").write_text(
                "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=100) + "---\n"
                + f"# {meta['title']}\n\n" + self._peer_body(brief["body"]), encoding="utf-8")


def generate(briefs: int, jurisdictions: int, policies: int, seed: int, out: Path) -> dict:
    corpus = Corpus(briefs, jurisdictions, policies, seed)
    corpus.make_jurisdictions()
    corpus.make_policies()
    corpus.make_briefs()
    out.mkdir(parents=True, exist_ok=True)
    corpus.write(out)
    sizes = [len(b["body"].encode()) for b in corpus.briefs]
    info = {"format": FORMAT, "briefs": briefs, "jurisdictions": jurisdictions, "policies": policies, "seed": seed,
            "brief_body_bytes_mean": round(sum(sizes) / len(sizes)) if sizes else 0}
    (out / "corpus.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    return info


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--briefs", type=int, default=10000)
    parser.add_argument("--jurisdictions", type=int, default=200)
    parser.add_argument("--policies", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    info = generate(args.briefs, args.jurisdictions, args.policies, args.seed, args.out)
    print(f"wrote {args.out}: {json.dumps(info)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
