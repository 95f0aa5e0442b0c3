# Captions placed 2+ pages after their nearest preceding mention in the PDF text: .venv/bin/python artifacts/issue13/float_distance.py _build/latex/economie-sociale-2-0.pdf
import re, subprocess, sys
pdf = sys.argv[1]
pages = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout.split("\f")
norm = [" ".join(p.replace("\u00a0", " ").replace("\u202f", " ").split()) for p in pages]
far = []; total = 0
for i, p in enumerate(norm):
    for m in re.finditer(r"(FIGURE|TABLEAU) (\d+\.\d+) –", p):
        kind, num = m.groups(); total += 1
        word = "figure" if kind == "FIGURE" else "tableau"
        mention = re.compile(rf"\b{word} {re.escape(num)}\b", re.I)
        refs = [j for j, q in enumerate(norm) if mention.search(re.sub(rf"{kind} {re.escape(num)} –", "", q))]
        near = [j for j in refs if j <= i]
        if near:
            d = i - max(near)
            if d >= 2: far.append((kind, num, max(near) + 1, i + 1))
print("captions", total, "placed 2+ pages from their first mention:", len(far)); print(far[:20])
