# A meeting whose title is a list nested 10,000 deep, and one whose agenda nests a
# thousand levels of indentation (a file of 1 MB).
python3 - <<'PY'
head = open("meetings/plenary-2.yaml", encoding="utf-8").read()
with open("meetings/plenary-2.yaml", "w", encoding="utf-8") as out:
    out.write(head.replace("title: Plenary 2", "title: " + "[" * 10000 + "]" * 10000))
with open("meetings/plenary-3.yaml", "w", encoding="utf-8") as out:
    out.write("id: plenary-3\nagenda:\n")
    out.write("".join("  " * depth + "- items:\n" for depth in range(1000)))
PY
