# Raw identifiers (snake_case keys) in reader tables of the built HTML, the data dictionary aside: .venv/bin/python artifacts/issue13/raw_identifiers.py _build/html
import re, pathlib, sys
from html.parser import HTMLParser
class T(HTMLParser):
    def __init__(s):
        super().__init__(); s.intable=0; s.skip=0; s.cells=[]
    def handle_starttag(s, tag, a):
        if tag=="table": s.intable+=1
        if tag in ("pre","code"): s.skip+=1
    def handle_endtag(s, tag):
        if tag=="table": s.intable-=1
        if tag in ("pre","code"): s.skip-=1
    def handle_data(s, d):
        if s.intable and not s.skip: s.cells.append(d)
ident = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b|\b(?:fig|tab)\d+\b")
root = pathlib.Path(sys.argv[1])
total = 0
for p in sorted(list((root/"chapters").glob("*.html")) + list((root/"atelier").glob("*.html"))):
    if p.name in ("donnees.html",): continue  # the data dictionary names columns and keys on purpose
    t = T(); t.feed(p.read_text()); hits = ident.findall(" ".join(t.cells))
    if hits: print(" ", p.name, len(hits), sorted(set(hits))[:8])
    total += len(hits)
print("raw identifiers in reader tables (outside the data dictionary):", total)
