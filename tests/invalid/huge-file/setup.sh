# A 50 MB document: a pasted export.
python3 - <<'PY'
with open("documents/export.md", "w", encoding="utf-8") as out:
    out.write("---\nid: export\ntitle: Export\nkind: other\nauthor: org\ndate: 2017-07-01\n---\n")
    line = "A line of a pasted export, repeated until the file is fifty megabytes long.\n"
    out.write(line * (50 * 1000 * 1000 // len(line)))
PY
