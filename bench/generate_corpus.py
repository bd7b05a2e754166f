#!/usr/bin/env python3
"""Writes a synthetic archive of N meetings for benchmarks, and the same site for Hugo.

    bench/generate_corpus.py --meetings N [--seed S] --out DIR

DIR/content/ is an annals content folder:
  - 300 people and 20 groups;
  - 4 recommendation sets of 75 recommendations;
  - N meetings, each with an agenda, attendance, 2-6 KB of Markdown notes with tables and
    references, status updates for the action items of earlier meetings, and 5 action items
    raised there (so every item has a status history);
  - one briefing per meeting with 10 questions, almost all of them answered.
DIR/hugo/ is a Hugo site built from the same Markdown bodies: a page per meeting (its notes
and agenda notes), per action item and per question (its text and answers), with a
"recommendations" taxonomy, so a term page per recommendation.

The output depends only on N and the seed: the same arguments give byte-identical files.
"""

import argparse
import datetime
import os
import random
import shutil

PEOPLE = 300
GROUPS = 20
SETS = 4
RECS_PER_SET = 75
ACTIONS_PER_MEETING = 5
QUESTIONS_PER_BRIEFING = 10

WORDS = (
    "security stability resiliency review team registry registrar root zone server "
    "operator abuse mitigation contract compliance enforcement measure report draft "
    "plan scope budget risk framework audit certification process staff community "
    "board recommendation implementation assessment evidence briefing answer question "
    "request deadline schedule timeline outreach engagement technical identifier domain "
    "name system resolver signing key rollover incident response continuity disaster "
    "recovery vendor contractor procurement statement terms reference subgroup plenary "
    "leadership consensus text revision comment period public input working party "
    "threat model data access policy privacy whois directory service metric success "
    "objective priority initiative activity roadmap standard baseline gap analysis"
).split()
FIRST = ("Ana Ben Chen Dana Eli Femi Gita Hugo Ines Jun Kofi Lena Marta Nuno Omar Pia "
         "Quan Rosa Sami Tara Umar Vera Wen Xavi Yara Zane").split()
LAST = ("Abara Berg Costa Diallo Eriksen Fujita Garcia Haddad Ivanova Jensen Kaur Lopez "
        "Moreau Nakamura Okafor Petrov Quist Rossi Silva Tanaka Urbina Varga Weber Yilmaz "
        "Zhou").split()
SET_NAMES = ("ssr1", "ssr2", "atrt", "cct")


class Corpus:
    def __init__(self, meetings, seed):
        self.rng = random.Random(seed)
        self.meetings = meetings
        self.people = [f"person-{i:03d}" for i in range(PEOPLE)]
        self.groups = [f"group-{i:02d}" for i in range(GROUPS)]
        self.recs = [f"{s}-{n}" for s in SET_NAMES for n in range(1, RECS_PER_SET + 1)]
        self.start = datetime.date(1990, 1, 2)

    # Text ------------------------------------------------------------------------------

    def words(self, low, high):
        return " ".join(self.rng.choice(WORDS) for _ in range(self.rng.randint(low, high)))

    def sentence(self):
        s = self.words(8, 20)
        return s[0].upper() + s[1:] + "."

    def paragraph(self, refs=()):
        parts = [self.sentence() for _ in range(self.rng.randint(2, 5))]
        for ref in refs:
            parts.insert(self.rng.randrange(len(parts) + 1), f"See {ref}.")
        return " ".join(parts)

    def table(self, refs):
        rows = ["| Item | Owner | Note |", "|---|---|---|"]
        for _ in range(self.rng.randint(3, 6)):
            owner = f"[[person:{self.rng.choice(self.people)}]]"
            item = self.rng.choice(refs) if refs and self.rng.random() < 0.5 else self.words(2, 4)
            rows.append(f"| {item} | {owner} | {self.words(4, 10)} |")
        return "\n".join(rows)

    def notes(self, refs, low, high):
        """Markdown of low..high bytes: paragraphs, a list, a table, the references."""
        target = self.rng.randint(low, high)
        refs = list(refs)
        blocks = []
        size = 0
        while size < target:
            choice = self.rng.random()
            if choice < 0.15 and not any(b.startswith("|") for b in blocks):
                block = self.table(refs)
            elif choice < 0.35:
                block = "\n".join(f"- {self.sentence()}" for _ in range(self.rng.randint(2, 5)))
            elif choice < 0.45:
                block = f"### {self.words(2, 5).capitalize()}"
            else:
                take = [refs.pop()] if refs else []
                block = self.paragraph(take)
            blocks.append(block)
            size += len(block) + 2
        blocks.extend(self.paragraph([r]) for r in refs)
        return "\n\n".join(blocks)

    # Records ---------------------------------------------------------------------------

    def meeting_id(self, m):
        return f"plenary-{m + 1}"

    def action_id(self, m, k):
        return f"p{m + 1}-a{k + 1}"

    def date(self, m):
        return self.start + datetime.timedelta(days=m)

    def write(self, out):
        content = os.path.join(out, "content")
        hugo = os.path.join(out, "hugo")
        for path in (content, hugo):
            if os.path.exists(path):
                shutil.rmtree(path)
        self.hugo = hugo
        write(content, "archive.yaml", self.archive_yaml())
        write(content, "people/people.yaml", self.people_yaml())
        write(content, "people/groups.yaml", self.groups_yaml())
        for s, name in enumerate(SET_NAMES):
            write(content, f"recommendations/{name}.yaml", self.recommendations_yaml(s, name))
        # state[action] = (status, meeting index of the last change); the items still open.
        self.open_actions = []
        for m in range(self.meetings):
            meeting, actions, briefing = self.meeting(m)
            write(content, f"meetings/{self.meeting_id(m)}.yaml", meeting)
            write(content, f"actions/{self.meeting_id(m)}.yaml", actions)
            write(content, f"briefings/b{m + 1}.yaml", briefing)
        write_hugo_skeleton(hugo)

    def archive_yaml(self):
        last = self.date(self.meetings + 30)
        return (
            "title: Benchmark Review Team Archive\n"
            "review: A synthetic review for benchmarks\n"
            "description: |\n"
            f"  {self.meetings} synthetic meetings, generated by bench/generate_corpus.py.\n"
            "publisher: not recorded\n"
            "language: en\n"
            "time_zone: UTC\n"
            f"as_of: {last.isoformat()}\n")

    def people_yaml(self):
        lines = []
        for i, pid in enumerate(self.people):
            lines.append(f"- id: {pid}")
            lines.append(f"  name: {FIRST[i % len(FIRST)]} {LAST[(i * 7) % len(LAST)]} {i}")
            lines.append("  kind: person")
            if i % 3 == 0:
                lines.append("  role: staff")
                lines.append(f"  part_of: {self.groups[i % GROUPS]}")
            lines.append("")
        return "\n".join(lines)

    def groups_yaml(self):
        lines = []
        for i, gid in enumerate(self.groups):
            lines += [f"- id: {gid}", f"  name: Unit {i} of the organization", "  kind: group",
                      "  role: org-unit", ""]
        return "\n".join(lines)

    def recommendations_yaml(self, s, name):
        lines = [f"id: {name}", f"title: {name.upper()} Recommendations", f"short: {name.upper()}",
                 "description: |", f"  Recommendations of the {name.upper()} review.",
                 "recommendations:"]
        for n in range(1, RECS_PER_SET + 1):
            lines += [f"  - number: {n}", "    text: |", f"      {self.paragraph()}"]
        return "\n".join(lines) + "\n"

    def meeting(self, m):
        rng = self.rng
        mid = self.meeting_id(m)
        date = self.date(m)
        members = sorted(rng.sample(self.people, rng.randint(5, 12)))
        recs = rng.sample(self.recs, 3)
        earlier = [self.meeting_id(e) for e in rng.sample(range(m), min(m, 2))]
        # Status updates: progress for up to five open items of earlier meetings, picked
        # at random; those closed leave the open list (each in constant time).
        updates = []
        picked = sorted(rng.sample(range(len(self.open_actions)),
                                   min(5, len(self.open_actions))), reverse=True)
        for i in picked:
            action, status = self.open_actions[i]
            status = rng.choice(("in-progress", "done", "done", "dropped")) \
                if status == "open" else rng.choice(("done", "done", "dropped"))
            updates.append((action, status))
            if status == "in-progress":
                self.open_actions[i] = (action, status)
            else:
                self.open_actions[i] = self.open_actions[-1]
                self.open_actions.pop()
        updates.sort()
        actions = [self.action_id(m, k) for k in range(ACTIONS_PER_MEETING)]
        self.open_actions += [(a, "open") for a in actions]

        refs = ([f"[[rec:{r}]]" for r in recs] + [f"[[meeting:{e}]]" for e in earlier]
                + [f"[[action:{a}]]" for a, _ in updates[:3]]
                + [f"[[person:{p}]]" for p in members[:2]])
        notes = self.notes(refs, 2048, 6144)
        agenda = []
        for i in range(rng.randint(3, 5)):
            agenda.append((self.words(3, 7).capitalize(), rng.sample(members, 1),
                           [f"rec:{recs[i % 3]}"], self.notes([], 150, 400)))
        y = [f"id: {mid}", "kind: plenary", f"number: {m + 1}",
             f"title: \"Plenary Meeting #{m + 1}\"", f"date: {date.isoformat()}",
             f"time: \"{14 + m % 8}:00\"", "attendance:",
             f"  members: [{', '.join(members)}]", "  observers: []",
             f"  staff: [{self.rng.choice(self.people[::3])}]", "  guests: []",
             "  apologies: []", "agenda:"]
        for title, presenters, item_refs, item_notes in agenda:
            y += [f"  - title: \"{title}\"", f"    presenters: [{', '.join(presenters)}]",
                  f"    refs: [{', '.join(item_refs)}]", "    notes: |", indent(item_notes, 6)]
        y += ["notes: |", indent(notes, 2)]
        if updates:
            y.append("status_updates:")
            for action, status in updates:
                y += [f"  - action: {action}", f"    status: {status}",
                      f"    note: \"{self.sentence()}\""]
        body = notes + "\n\n" + "\n\n".join(
            f"## {title}\n\n{item_notes}" for title, _, _, item_notes in agenda)
        self.hugo_page("meetings", mid, f"Plenary Meeting #{m + 1}", date, recs, body)
        return ("\n".join(y) + "\n", self.actions_yaml(m, members, recs),
                self.briefing_yaml(m, members, recs))

    def actions_yaml(self, m, members, recs):
        rng = self.rng
        lines = [f"# Action items raised at {self.meeting_id(m)}.", ""]
        for k in range(ACTIONS_PER_MEETING):
            aid = self.action_id(m, k)
            text = self.paragraph()
            owners = sorted(rng.sample(members, rng.randint(1, 2)))
            action_recs = sorted(rng.sample(recs, rng.randint(0, 2)))
            due = self.date(m) + datetime.timedelta(days=rng.randint(7, 60))
            lines += [f"- id: {aid}", f"  text: {text}", f"  owners: [{', '.join(owners)}]",
                      f"  due: {due.isoformat()}", f"  origin: {self.meeting_id(m)}"]
            if action_recs:
                lines.append(f"  recommendations: [{', '.join(action_recs)}]")
            lines.append("")
            self.hugo_page("actions", aid, f"Action {aid}", self.date(m), action_recs, text)
        return "\n".join(lines)

    def briefing_yaml(self, m, members, recs):
        rng = self.rng
        bid = f"b{m + 1}"
        group = rng.choice(self.groups)
        lines = [f"id: {bid}", f"title: \"Briefing at Plenary #{m + 1}\"",
                 f"area: {self.words(1, 2).capitalize()}", f"to: [{group}]",
                 f"meeting: {self.meeting_id(m)}", f"prefix: q{m + 1}", "questions:"]
        for n in range(1, QUESTIONS_PER_BRIEFING + 1):
            text = self.notes([], 200, 600)
            rec = rng.choice(recs)
            lines += [f"  - number: \"{n}\"", "    text: |", indent(text, 6),
                      f"    asker: {rng.choice(members)}", f"    recommendation: {rec}"]
            answers = []
            if rng.random() < 0.9:
                when = self.date(m) + datetime.timedelta(days=rng.randint(14, 90))
                answers.append((when, self.notes([f"[[rec:{rec}]]"], 300, 1500)))
                lines.append("    answers:")
                for when, answer in answers:
                    lines += [f"      - date: {when.isoformat()}", f"        by: {group}",
                              "        text: |", indent(answer, 10)]
            body = text + "".join(f"\n\n## Answer of {w.isoformat()}\n\n{a}" for w, a in answers)
            self.hugo_page("questions", f"q{m + 1}-{n}", f"Question {n} of Plenary #{m + 1}",
                           self.date(m), [rec], body)
        return "\n".join(lines) + "\n"

    def hugo_page(self, section, page_id, title, date, recs, body):
        front = ["---", f"title: \"{title}\"", f"date: {date.isoformat()}",
                 f"recommendations: [{', '.join(recs)}]", "---", ""]
        write(self.hugo, f"content/{section}/{page_id}.md", "\n".join(front) + body + "\n")


def indent(text, spaces):
    pad = " " * spaces
    return "\n".join(pad + line if line else "" for line in text.split("\n"))


def write(root, relative, text):
    path = os.path.join(root, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


HUGO_CONFIG = """\
baseURL = "https://example.org/"
title = "Benchmark Review Team Archive"
languageCode = "en"
disableKinds = ["RSS"]
[taxonomies]
  recommendation = "recommendations"
[markup.goldmark.extensions]
  table = true
  strikethrough = true
"""

HUGO_BASEOF = """\
<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ .Title }} · {{ .Site.Title }}</title>
<link rel="stylesheet" href="/style.css"></head>
<body>
<header><a href="/">{{ .Site.Title }}</a>
<nav><a href="/meetings/">Meetings</a> <a href="/actions/">Actions</a>
<a href="/questions/">Questions</a> <a href="/recommendations/">Recommendations</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
"""

HUGO_SINGLE = """\
{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p>{{ .Date.Format "2 January 2006" }}</p>
{{ with .Params.recommendations }}<ul>{{ range . }}<li><a href="{{ "recommendations/" | relURL }}{{ . | urlize }}/">{{ . }}</a></li>{{ end }}</ul>{{ end }}
{{ .Content }}</article>{{ end }}
"""

HUGO_LIST = """\
{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Date.Format "2006-01-02" }}</li>{{ end }}</ul>{{ end }}
"""


def write_hugo_skeleton(hugo):
    write(hugo, "config.toml", HUGO_CONFIG)
    write(hugo, "layouts/_default/baseof.html", HUGO_BASEOF)
    write(hugo, "layouts/_default/single.html", HUGO_SINGLE)
    write(hugo, "layouts/_default/list.html", HUGO_LIST)
    write(hugo, "layouts/_default/terms.html", HUGO_LIST)
    write(hugo, "layouts/index.html", HUGO_LIST)
    write(hugo, "static/style.css", "body { font-family: sans-serif; max-width: 60rem; }\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--meetings", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    Corpus(args.meetings, args.seed).write(args.out)


if __name__ == "__main__":
    main()
