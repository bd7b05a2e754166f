# A note of one line, a megabyte long, with an unknown reference at its end.
python3 - <<'PY'
text = open("meetings/plenary-2.yaml", encoding="utf-8").read()
note = "notes: " + "word " * 200000 + "see [[rec:r1-9]].\n"
with open("meetings/plenary-2.yaml", "w", encoding="utf-8") as out:
    out.write(text.replace("agenda:", note + "agenda:"))
PY
