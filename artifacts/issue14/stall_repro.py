# Reproduces the « kernel idle, client waiting » stall (issue 14): 16 notebooks, two threads, N rounds;
# prints cells slower than 3 s. Before the fix in notebooks._poll_in_slices: 2 stalls of exactly 120 s in 12 rounds.
#     .venv/bin/python artifacts/issue14/stall_repro.py 5
import sys, time, asyncio, threading
sys.path.insert(0, "lib")
from concurrent.futures import ThreadPoolExecutor
from economie_sociale import notebooks as N
orig = N._Client.async_execute_cell
async def timed(self, cell, idx, *a, **k):
    t = time.perf_counter()
    r = await orig(self, cell, idx, *a, **k)
    d = time.perf_counter() - t
    if d > 3.0:
        print(f"  SLOW {threading.current_thread().name} cell {idx} {cell.cell_type} {d:.1f}s", flush=True)
    return r
N._Client.async_execute_cell = timed
import glob
nbs = sorted(glob.glob("chapters/*.ipynb")) + sorted(glob.glob("atelier/*.ipynb"))
def run(p):
    t = time.perf_counter(); N.execute(p); return p, time.perf_counter() - t
for rnd in range(int(sys.argv[1])):
    t0 = time.perf_counter()
    with ThreadPoolExecutor(2) as pool:
        for p, d in pool.map(run, nbs):
            if d > 15: print("  long", p, round(d,1), flush=True)
    print(f"round {rnd}: {time.perf_counter()-t0:.1f}s", flush=True)
