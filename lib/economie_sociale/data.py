"""Load the report's numbers from ``data/`` as validated, typed pandas frames.

One function per file (``load_segments()``, ``load_responses()``, ...).
Each reads the CSV, checks it against its schema (:mod:`.schemas`) and
against the files it refers to, and either returns the whole frame or
raises :class:`DataError` naming the file, the line and the problem:
nothing half-loaded is ever returned.

Lookups for the chapters and for a researcher's own cells:

- :func:`segments`, :func:`questions`, :func:`technologies`: what exists,
  with keys and French labels; :func:`find` turns a French label
  (« infonuagique ») into its key (``cloud``);
- :func:`responses` (one question, labelled and ordered, ready for a chart),
  :func:`technology_use` (the technology grid) and :func:`value` (one number,
  for prose).

Arguments that take keys accept one key or a list of keys.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import hmac
import io
import os
import pickle
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .errors import ArgumentError, EconomieSocialeError, UnknownKeyError, as_keys

__all__ = [
    # what a researcher looks up
    "segments", "questions", "technologies", "find", "responses", "value", "segment_n", "question",
    "technology_use", "technology_value", "prose", "context",
    # as the chapters say them: short names, bases, key figures, cases, agreement, rankings
    "segment_n_printed", "short_label", "segment_shares", "base_excluding", "context_text", "context_year",
    "technology_in_sentence", "cases", "agreement", "technology_ranking", "files",
    "CASE_SHORT_NAMES", "SECTOR_SHORT_LABELS", "LEGAL_FORM_LABELS", "SHARE_QUALIFIERS",
    # one loader per file, and where the files are
    "LOADERS", "data_dir", "clear_cache", "load_segments", "load_questions", "load_question_items",
    "load_responses", "load_technology_families", "load_technologies", "load_technology_use",
    "load_prose_numbers", "load_significance_claims", "load_context_figures", "load_cases", "load_glossary",
    "load_usage_grid", "load_partners", "load_audit_findings",
]  # the errors (DataError, UnknownKeyError) are importable from here too, and documented in .errors

#: Where the CSV files live: ``data/`` beside ``lib/`` in the repository,
#: unless the environment variable ``ECONOMIE_SOCIALE_DATA`` names another
#: folder (tests point it at corrupted copies).
from . import DEFAULT_DATA_DIR, data_dir  # noqa: E402,F401  (data.data_dir() is the public spelling)


@dataclass(frozen=True)
class Problem:
    line: int | None  # line of the CSV file (the header is line 1)
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where) or 'file'}: {self.message}"


class DataError(EconomieSocialeError, ValueError):
    """A data file is missing or does not satisfy its schema."""

    def __init__(self, path: Path | str, problems: list[Problem]):
        self.path = Path(path)
        self.problems = problems
        shown = "\n".join(f"  - {p}" for p in problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"{self.path}: {len(problems)} problem(s)\n{shown}{more}")


# --------------------------------------------------------------------------
# reading and validation


RESAVE = "re-save it as « CSV UTF-8 (délimité par des virgules) » (Excel) or with a comma separator and a decimal point"


def _read_csv(path: Path) -> pd.DataFrame:
    """The file's rows as text, indexed by the line each row starts on (the header is line 1).

    Refuses, saying why and what to do, what people actually produce by mistake:
    a folder or special file, an unreadable file, a non-UTF-8 or French-Excel
    export (« ; » separator), a field no CSV row should hold, a header without rows.
    A UTF-8 byte-order mark (Excel's « CSV UTF-8 ») is accepted.
    """
    if not path.exists():
        raise DataError(path, [Problem(None, None, "file not found")])
    if path.is_dir():
        raise DataError(path, [Problem(None, None, "is a folder, not a CSV file")])
    if not path.is_file():
        raise DataError(path, [Problem(None, None, "is not a regular file (a pipe or a device?)")])
    try:
        raw = path.read_bytes()
    except PermissionError:
        raise DataError(path, [Problem(None, None, "cannot be read: permission denied")]) from None
    except OSError as e:
        raise DataError(path, [Problem(None, None, f"cannot be read: {e.strerror}")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise DataError(path, [Problem(line, None, f"not UTF-8 text ({e.reason} at byte {e.start}); if Excel saved it, "
                                                   + RESAVE)]) from None
    if "\x00" in text:
        raise DataError(path, [Problem(text[: text.index("\x00")].count("\n") + 1, None, "holds a NUL byte: not a text file?")])
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for row in reader:
            rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as e:
        hint = " (an opening quote never closed?)" if "field larger than field limit" in str(e) else ""
        raise DataError(path, [Problem(start, None, f"cannot be read as CSV: {e}{hint}")]) from None
    if not rows:
        raise DataError(path, [Problem(None, None, "file is empty (a header row is expected)")])
    (_, header), body = rows[0], [(line, r) for line, r in rows[1:] if r]  # blank lines are skipped
    if len(header) == 1 and ";" in header[0]:
        raise DataError(path, [Problem(1, None, f"columns are separated by « ; » (a French-Excel CSV): {RESAVE}")])
    if not body:
        raise DataError(path, [Problem(None, None, "the file has a header but no rows")])
    bad = [Problem(line, None, f"has {len(r)} fields, the header has {len(header)}") for line, r in body if len(r) != len(header)]
    if bad:
        if sum(";" in f for _, r in body for f in r) > len(body) / 2:
            bad.insert(0, Problem(None, None, f"many fields hold « ; »: is it a French-Excel CSV? {RESAVE}"))
        raise DataError(path, bad)
    frame = pd.DataFrame([r for _, r in body], columns=header, dtype=object)
    frame = frame.replace({"": None})
    frame.index = pd.Index([line for line, _ in body])  # index = the line each row starts on
    return frame


def _problems_from(err) -> list[Problem]:
    import pandera.errors

    if isinstance(err, pandera.errors.SchemaError):
        cases = getattr(err, "failure_cases", None)
        if cases is None or not isinstance(cases, pd.DataFrame):
            return [Problem(None, getattr(getattr(err, "schema", None), "name", None), str(err).splitlines()[0])]
        err_cases = cases.assign(column=getattr(err.schema, "name", None), check=str(err.check))
    else:
        err_cases = err.failure_cases
    problems, row_rules = [], []
    for _, fc in err_cases.iterrows():
        idx = fc.get("index")
        line = int(idx) if idx is not None and not pd.isna(idx) else None
        column = fc.get("column")
        column = None if column is None or pd.isna(column) or column == "" else str(column)
        check = str(fc.get("check"))
        case = fc.get("failure_case")
        if fc.get("schema_context") == "DataFrameSchema" and check not in _FILE_CHECKS:
            # a rule across a row's columns: one problem per line, in the rule's own words
            row_rules.append(Problem(line, None, check))
        else:
            problems.append(Problem(line, column, _explain(check, case, column)))
    # A value that cannot be converted also makes the column's range check
    # (and the rules across columns) fail on the raw text; report the conversion, not that side effect.
    unconvertible = {p.column for p in problems if "is not a valid" in p.message or "has a decimal comma" in p.message}
    problems = [p for p in problems if not (p.column in unconvertible and "TypeError" in p.message)]
    if not unconvertible:
        problems += row_rules
    return sorted(dict.fromkeys(problems), key=lambda p: (p.line or 0, p.column or ""))


# pandera's whole-file checks (columns present, in order, unique keys...), explained by _explain
_FILE_CHECKS = {"column_in_schema", "column_in_dataframe", "column_ordered", "multiple_fields_uniqueness"}


def _explain(check: str, case, column: str | None) -> str:
    """Turn a pandera check name into a sentence a data editor can act on."""
    if check == "column_in_schema":
        return f"unexpected column '{case}'"
    if check == "column_in_dataframe":
        return f"missing column '{case}'"
    if check == "column_ordered":
        return f"columns out of order at '{case}'"
    if check == "not_nullable":
        return "value is missing"
    if check.startswith("coerce_dtype") or check.startswith("dtype"):
        if isinstance(case, str) and re.fullmatch(r"-?\d+,\d+", case.strip()):
            return f"'{case}' has a decimal comma: write {case.strip().replace(',', '.')} (the files use a decimal point)"
        return f"'{case}' is not a valid {check.split('(')[-1].rstrip(')')}"
    if check in ("field_uniqueness", "multiple_fields_uniqueness"):
        return f"duplicate key {case!r}"
    if check.startswith("str_matches"):
        return f"'{case}' is not well formed ({check})"
    if check.startswith("isin"):
        return f"'{case}' is not an allowed value"
    if check.startswith("in_range") or check.startswith("greater_than") or check.startswith("less_than"):
        return f"{case} is out of range ({check})"
    return f"{case!r} fails check {check}"


def _validate(path: Path, frame: pd.DataFrame, schema: str) -> pd.DataFrame:
    import pandera.errors  # pandera only when a file is validated (not when its validated copy is reused)

    from . import schemas

    try:
        return getattr(schemas, schema).validate(frame, lazy=True)
    except (pandera.errors.SchemaErrors, pandera.errors.SchemaError) as err:
        raise DataError(path, _problems_from(err)) from None


def _require_keys(path: Path, frame: pd.DataFrame, column: str, allowed, what: str, nullable: bool = False) -> None:
    """Every value of ``column`` must be one of ``allowed`` (keys of another file)."""
    allowed = set(allowed)
    values = frame[column]
    bad = values.notna() & ~values.isin(allowed) if nullable else ~values.isin(allowed)
    if bad.any():
        raise DataError(
            path,
            [Problem(int(i), column, f"unknown {what} '{v}'") for i, v in values[bad].items()],
        )


def _load(name: str, schema: str) -> tuple[Path, pd.DataFrame]:
    path = data_dir() / f"{name}.csv"
    return path, _validate(path, _read_csv(path), schema)


#: Validated frames are kept on disk, keyed by every CSV of the data folder and the code that
#: validates them, so that a new kernel reuses them instead of importing pandera and validating
#: again (about 0.3 s before a first chart). Any change to a file means a new key: full validation.
#:
#: Only the library's own writes are trusted: each entry is signed (HMAC-SHA256) with a random key
#: kept in the cache folder (``.key``, readable by its owner only), and names the loader and the data
#: key it was made for. An entry that is unreadable, truncated, unsigned, signed with another key, or
#: holds anything but that loader's frame is a miss: it is deleted and the file validated again.
CACHE_MAGIC = b"economie-sociale-cache-1\n"


def disk_cache() -> Path:
    """The cache folder: ``$XDG_CACHE_HOME/economie-sociale/data``, as the XDG Base Directory
    specification says (an empty or relative ``XDG_CACHE_HOME`` is ignored: ``~/.cache``)."""
    base = os.environ.get("XDG_CACHE_HOME", "")
    root = Path(base) if base and os.path.isabs(base) else Path.home() / ".cache"
    return root / "economie-sociale" / "data"


@functools.lru_cache(maxsize=None)
def _folder_key(folder: str) -> str | None:
    """The disk cache's key, or None (no disk cache) when a CSV is not a readable regular file:
    the loader then says what is wrong with it (a FIFO must not block here)."""
    h = hashlib.sha256(pd.__version__.encode())
    for path in sorted(Path(folder).glob("*.csv")):
        if not path.is_file():
            return None
        h.update(path.name.encode())
        try:
            h.update(path.read_bytes())
        except OSError:
            return None
    for module in ("data.py", "schemas.py", "errors.py"):
        h.update((Path(__file__).parent / module).read_bytes())
    return h.hexdigest()[:24]


def _cache_secret(folder: Path, create: bool) -> bytes | None:
    """The cache folder's signing key (32 random bytes), made on first use; None when there is none."""
    path = folder / ".key"
    try:
        secret = path.read_bytes()
        if len(secret) == 32:
            return secret
    except OSError:
        pass
    if not create:
        return None
    secret = os.urandom(32)
    tmp = folder / f".key.{os.getpid()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(secret)
    try:
        os.link(tmp, path)  # never replaces a key another process has just made (its entries stay valid)
    except FileExistsError:
        pass
    finally:
        tmp.unlink()
    return _cache_secret(folder, create=False)


def _cache_path(name: str, folder: str) -> Path:
    return disk_cache() / f"{_folder_key(folder)}-{name}.pkl"


def _from_disk(name: str, folder: str):
    if _folder_key(folder) is None:
        return None
    path = _cache_path(name, folder)
    try:
        blob = path.read_bytes()
    except OSError:
        return None  # not there (or unreadable): a miss
    secret = _cache_secret(path.parent, create=False)
    head, mac, payload = blob[:len(CACHE_MAGIC)], blob[len(CACHE_MAGIC):len(CACHE_MAGIC) + 32], blob[len(CACHE_MAGIC) + 32:]
    found = None
    if secret is not None and head == CACHE_MAGIC and hmac.compare_digest(mac, hmac.new(secret, payload, "sha256").digest()):
        try:  # signed by this cache's key: written by the library; still, any failure is a miss
            entry = pickle.loads(payload)
            if (isinstance(entry, tuple) and len(entry) == 3 and entry[:2] == (name, _folder_key(folder))
                    and isinstance(entry[2], pd.DataFrame)):
                found = entry[2]
        except Exception:  # noqa: BLE001 - a pickle of another pandas version, a truncated one...
            found = None
    if found is None:
        try:
            path.unlink()  # a spoiled or foreign entry: rebuilt below, and never read again
        except OSError:
            pass
    return found


def _to_disk(name: str, folder: str, frame: pd.DataFrame) -> None:
    if _folder_key(folder) is None:
        return
    try:
        path = _cache_path(name, folder)
        path.parent.mkdir(parents=True, exist_ok=True)
        secret = _cache_secret(path.parent, create=True)
        payload = pickle.dumps((name, _folder_key(folder), frame), protocol=pickle.HIGHEST_PROTOCOL)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")  # one per writer
        tmp.write_bytes(CACHE_MAGIC + hmac.new(secret, payload, "sha256").digest() + payload)
        tmp.replace(path)  # atomic: a reader sees the old entry or the new one, never half of one
    except OSError:
        pass  # a read-only home: validate every time


def _cached(fn):
    """Load once per data folder (validated copies reused from disk); hand out copies so callers cannot corrupt the cache."""

    def load(folder: str) -> pd.DataFrame:
        frame = _from_disk(fn.__name__, folder)
        if frame is None:
            frame = fn()
            _to_disk(fn.__name__, folder, frame)
        return frame

    cached = functools.lru_cache(maxsize=None)(load)

    @functools.wraps(fn)
    def wrapper() -> pd.DataFrame:
        return cached(str(data_dir())).copy()

    wrapper.cache_clear = cached.cache_clear
    return wrapper


def _finish(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.reset_index(drop=True)


# --------------------------------------------------------------------------
# one loader per file


@_cached
def load_segments() -> pd.DataFrame:
    """Groups of respondents with their base sizes (printed and used)."""
    _, df = _load("segments", "SEGMENTS")
    return _finish(df)


@_cached
def load_questions() -> pd.DataFrame:
    """Charts and tables of chapter 1 other than the technology grid."""
    path, df = _load("questions", "QUESTIONS")
    segments = load_segments()["segment"]
    _require_keys(path, df, "base_segment", segments, "segment")
    listed = df["segments"].dropna().str.split().explode().to_frame("segments")
    _require_keys(path, listed, "segments", segments, "segment")
    return _finish(df)


@_cached
def load_question_items() -> pd.DataFrame:
    """Items (bars, rows) and levels (series) of each question, in printed order."""
    path, df = _load("question_items", "QUESTION_ITEMS")
    _require_keys(path, df, "question", load_questions()["question"], "question")
    twice = df[df.duplicated(["question", "role", "order"], keep=False)]
    if len(twice):  # two bars at one position would silently swap in the charts
        raise DataError(path, [Problem(int(i), "order", f"order {r.order} is used twice for the {r.role}s of question "
                                                       f"'{r.question}'") for i, r in twice.iterrows()])
    return _finish(df)


@_cached
def load_responses() -> pd.DataFrame:
    """Every printed percentage of the questions, with its mapping status."""
    path, df = _load("responses", "RESPONSES")
    _require_keys(path, df, "question", load_questions()["question"], "question")
    _require_keys(path, df, "segment", load_segments()["segment"], "segment")
    items = load_question_items()
    for role, column in (("item", "item"), ("level", "level")):
        known = items.loc[items["role"] == role, ["question", "key"]].agg("/".join, axis=1)
        pairs = df[["question", column]].agg("/".join, axis=1).to_frame(column).set_index(df.index)
        _require_keys(path, pairs, column, known, f"{role} of its question")
    _require_complete(path, df, load_questions(), items)
    return _finish(df)


def _require_complete(path: Path, df: pd.DataFrame, questions: pd.DataFrame, items: pd.DataFrame) -> None:
    """Every value the report prints is there, and nothing it does not print.

    For each question: every group of ``questions.csv``'s ``segments`` has a
    value for every item and level that ``question_items.csv`` says the
    report prints (``printed = all``); none for those it never prints
    (``none``); either for those it prints only sometimes (``some``). A row
    deleted by mistake would otherwise draw a chart with a bar missing, and
    the audit would blame the report for a gap of our own.
    """
    problems = []
    for q in questions.itertuples():
        expected_segments = q.segments.split() if isinstance(q.segments, str) else []
        rows = df[df["question"] == q.question]
        for i, segment in rows.loc[~rows["segment"].isin(expected_segments), "segment"].items():
            problems.append(Problem(int(i), "segment", f"question '{q.question}' does not print group '{segment}' "
                                                       f"(questions.csv, column segments: {q.segments})"))
        declared = items[items["question"] == q.question]
        have = set(zip(rows["segment"], rows["item"], rows["level"]))
        for item in declared[declared["role"] == "item"].itertuples():
            for level in declared[declared["role"] == "level"].itertuples():
                printed = {item.printed, level.printed}
                for segment in expected_segments:
                    present = (segment, item.key, level.key) in have
                    if not present and printed == {"all"}:
                        problems.append(Problem(None, None, f"question '{q.question}', group '{segment}': no value for "
                                                            f"item '{item.key}', level '{level.key}' (the report prints one)"))
                    if present and "none" in printed:
                        problems.append(Problem(None, None, f"question '{q.question}', group '{segment}': a value for item "
                                                            f"'{item.key}', level '{level.key}', which question_items.csv "
                                                            f"says the report never prints"))
    if problems:
        raise DataError(path, problems)


@_cached
def load_technology_families() -> pd.DataFrame:
    """The nine families of Table 2."""
    _, df = _load("technology_families", "TECHNOLOGY_FAMILIES")
    return _finish(df)


@_cached
def load_technologies() -> pd.DataFrame:
    """The 21 technologies of Table 2, with their labels in tables and charts."""
    path, df = _load("technologies", "TECHNOLOGIES")
    _require_keys(path, df, "family", load_technology_families()["family"], "family")
    return _finish(df)


@_cached
def load_technology_use() -> pd.DataFrame:
    """Current use and planned investment per segment and technology (annexes, Tables 3-4, Figures 4-6)."""
    path, df = _load("technology_use", "TECHNOLOGY_USE")
    _require_keys(path, df, "segment", load_segments()["segment"], "segment")
    technologies = load_technologies()["technology"].tolist()
    _require_keys(path, df, "technology", technologies, "technology")
    _require_full_grid(path, df, technologies)
    return _finish(df)


def _require_full_grid(path: Path, df: pd.DataFrame, technologies: list[str]) -> None:
    """The annex prints 12 panels and Tables 3-4 seven columns, each with all 21 technologies: all must be there."""
    from .schemas import SOURCE_SEGMENTS

    problems = []
    for source, segments in SOURCE_SEGMENTS.items():
        rows = df[df["source"] == source]
        measures = sorted(set(rows["measure"])) or ["use"]
        have = set(zip(rows["segment"], rows["technology"], rows["measure"]))
        for segment in segments:
            missing = [f"{t}/{m}" for t in technologies for m in measures if (segment, t, m) not in have]
            if len(missing) == len(technologies) * len(measures):
                problems.append(Problem(None, None, f"source '{source}': the whole panel of group '{segment}' is missing"))
            elif missing:
                problems.append(Problem(None, None, f"source '{source}', group '{segment}': no value for "
                                                    f"{', '.join(missing[:6])}{' …' if len(missing) > 6 else ''}"))
        for i, segment in rows.loc[~rows["segment"].isin(segments), "segment"].items():
            problems.append(Problem(int(i), "segment", f"source '{source}' prints no panel for group '{segment}'"))
    if problems:
        raise DataError(path, problems)


@_cached
def load_prose_numbers() -> pd.DataFrame:
    """Numbers quoted in the prose of chapter 1, with the chart value they refer to."""
    path, df = _load("prose_numbers", "PROSE_NUMBERS")
    refs = df["refers_to"].dropna().str.removeprefix("sum:").str.split("+").explode()
    known = set(_reference_keys())
    bad = refs[~refs.isin(known)]
    if len(bad):
        raise DataError(path, [Problem(int(i), "refers_to", f"reference to a value that does not exist: '{r}'") for i, r in bad.items()])
    return _finish(df)


@_cached
def load_significance_claims() -> pd.DataFrame:
    """The report's claims that a group differs from others, pointing at the values compared."""
    path, df = _load("significance_claims", "SIGNIFICANCE_CLAIMS")
    segments = load_segments()["segment"]
    _require_keys(path, df, "segment", segments, "segment")
    _require_keys(path, df, "other_segment", segments, "segment", nullable=True)
    known = set(_reference_keys()) | {"prose:" + c for c in load_prose_numbers()["claim"]}
    for column in ("value_ref", "other_ref", "total_ref"):
        refs = df[column].dropna().str.removeprefix("sum:").str.split("+").explode()
        bad = refs[~refs.isin(known)]
        if len(bad):
            raise DataError(path, [Problem(int(i), column, f"reference to a value that does not exist: '{r}'") for i, r in bad.items()])
    return _finish(df)


@_cached
def load_context_figures() -> pd.DataFrame:
    """Key figures of Québec's social economy quoted in the report's context pages."""
    _, df = _load("context_figures", "CONTEXT_FIGURES")
    return _finish(df)


@_cached
def load_cases() -> pd.DataFrame:
    """The 13 case studies' fact boxes (ranges kept as min/max)."""
    path, df = _load("cases", "CASES")
    segments = load_segments()
    _require_keys(path, df, "sector", segments.loc[segments["dimension"] == "sector", "segment"], "sector")
    return _finish(df)


@_cached
def load_glossary() -> pd.DataFrame:
    """Annexe 1's terms, defined in our own words."""
    path, df = _load("glossary", "GLOSSARY")
    _require_keys(path, df, "technology", load_technologies()["technology"], "technology", nullable=True)
    return _finish(df)


@_cached
def load_usage_grid() -> pd.DataFrame:
    """Annexe 5: the reference grid of digital uses (domains of use and families of tools)."""
    _, df = _load("usage_grid", "USAGE_GRID")
    return _finish(df)  # in printed order


@_cached
def load_partners() -> pd.DataFrame:
    """The partner organisations of the report."""
    _, df = _load("partners", "PARTNERS")
    return _finish(df)


@_cached
def load_audit_findings() -> pd.DataFrame:
    """The reviewed list of the report's inconsistencies: what the audit must find, each checked against the source."""
    _, df = _load("audit_findings", "AUDIT_FINDINGS")
    return _finish(df)


def _reference_keys() -> list[str]:
    """Every value's address, as prose_numbers.csv writes it."""
    r = load_responses()
    keys = ("responses:" + r["question"] + "/" + r["segment"] + "/" + r["item"] + "/" + r["level"]).tolist()
    path = data_dir() / "technology_use.csv"
    if path.is_file():
        t = load_technology_use()
        keys += ("technology_use:" + t["source"] + "/" + t["segment"] + "/" + t["technology"] + "/" + t["measure"]).tolist()
    return keys


def clear_cache() -> None:
    """Forget loaded files (after editing a CSV in a running kernel)."""
    _folder_key.cache_clear()
    for fn in LOADERS.values():
        fn.cache_clear()


LOADERS = {
    "segments": load_segments,
    "questions": load_questions,
    "question_items": load_question_items,
    "responses": load_responses,
    "technology_families": load_technology_families,
    "technologies": load_technologies,
    "technology_use": load_technology_use,
    "prose_numbers": load_prose_numbers,
    "significance_claims": load_significance_claims,
    "context_figures": load_context_figures,
    "cases": load_cases,
    "glossary": load_glossary,
    "usage_grid": load_usage_grid,
    "partners": load_partners,
    "audit_findings": load_audit_findings,
}


# --------------------------------------------------------------------------
# lookups for the chapters


def segment_n(segment: str) -> int:
    """The base size the book uses for a segment."""
    seg = load_segments().set_index("segment")
    if segment not in seg.index:
        segment = _by_label("segment", segment) or segment
    if segment not in seg.index:
        raise UnknownKeyError("segment", segment, seg.index)
    return int(seg.at[segment, "n"])


def question(question: str) -> pd.Series:
    """A question's row of questions.csv: source, kind, titles, lines, notes."""
    questions = load_questions().set_index("question")
    if question not in questions.index:
        raise UnknownKeyError("question", question, questions.index)
    return questions.loc[question]


def responses(question: str, segments: str | list[str] | None = None) -> pd.DataFrame:
    """One question's values, labelled, in printed order, with their base n.

    Columns: segment, segment_label, item, item_label, level, level_label,
    value, n, lines (the report's source lines), mapping, mapping_note, alternatives; rows sorted by segment,
    item and level order as printed.
    """
    questions = load_questions().set_index("question")
    if question not in questions.index:
        raise UnknownKeyError("question", question, questions.index)
    segments = as_keys(segments, "segments")
    r = load_responses()
    r = r[r["question"] == question]
    if segments is not None:
        segments = _segment_keys(segments, r["segment"], f"for question '{question}'")
        r = r[r["segment"].isin(segments)]
    items = load_question_items()
    items = items[items["question"] == question]
    lab = {role: items[items["role"] == role].set_index("key") for role in ("item", "level")}
    seg = load_segments().set_index("segment")
    out = r.assign(
        segment_label=r["segment"].map(seg["label_fr"]),
        segment_order=r["segment"].map(seg["order"]) if segments is None else r["segment"].map({s: i for i, s in enumerate(segments)}),
        item_label=r["item"].map(lab["item"]["label_fr"]),
        item_order=r["item"].map(lab["item"]["order"]),
        level_label=r["level"].map(lab["level"]["label_fr"]),
        level_order=r["level"].map(lab["level"]["order"]),
        n=r["segment"].map(seg["n"]).astype(int),
    )
    out = out.sort_values(["segment_order", "item_order", "level_order"])
    cols = ["segment", "segment_label", "item", "item_label", "level", "level_label", "value", "n", "lines", "mapping",
            "mapping_note", "alternatives"]
    return out[cols].reset_index(drop=True)


def value(question: str, segment: str = "total", item: str | None = None, level: str = "share") -> float:
    """One printed value, e.g. ``value("revenue", item="rev_lt100k")``.

    For the technology grid, :func:`technology_value` (``technology_value("cloud", "size_lt5")``).
    """
    if question not in set(load_questions()["question"]):
        tech = question if question in set(load_technologies()["technology"]) else _by_label("technology", question)
        if tech is not None:
            raise UnknownKeyError(f"question ('{question}' is a technology of the grid: use "
                                  f"data.technology_value({tech!r}, segment={segment!r}, measure='use'))", question,
                                  load_questions()["question"])
    r = responses(question)
    if segment not in set(r["segment"]):
        segment = _segment_keys([segment], r["segment"], f"for question '{question}'")[0]
    if item is None:
        items = r["item"].unique()
        if len(items) != 1:
            raise ArgumentError(f"question '{question}' has several items; name one with item=: {', '.join(items)}")
        item = items[0]
    for col, key in (("segment", segment), ("item", item), ("level", level)):
        if key not in set(r[col]):
            raise UnknownKeyError(f"{col} for question '{question}'", key, set(r[col]))
    hit = r[(r["segment"] == segment) & (r["item"] == item) & (r["level"] == level)]
    if hit.empty:
        raise UnknownKeyError(f"value of question '{question}' for item '{item}' and level '{level}'", segment,
                              set(r.loc[(r["item"] == item) & (r["level"] == level), "segment"]))
    return float(hit["value"].iloc[0])


def prose(claim: str) -> float:
    """A number quoted in the report's prose, by its claim key (prose_numbers.csv)."""
    p = load_prose_numbers().set_index("claim")
    if claim not in p.index:
        raise UnknownKeyError("prose claim", claim, p.index)
    return float(p.at[claim, "value"])


def context(figure: str) -> float:
    """A key figure of the sector (context_figures.csv), by its key."""
    c = load_context_figures().set_index("figure")
    if figure not in c.index:
        raise UnknownKeyError("context figure", figure, c.index)
    return float(c.at[figure, "value"])


MEASURE_LABELS = {"use": "Usage actuel", "planned": "Investissements prévus (12 prochains mois)"}


def technology_use(
    segments: str | list[str] | None = None,
    source: str = "annex",
    measures: str | list[str] | None = None,
    technologies: str | list[str] | None = None,
) -> pd.DataFrame:
    """Use and planned investment per technology, labelled, in Table 2 order.

    Columns: source, segment, segment_label, technology, technology_label
    (as in Tables 3-4), family, family_label, measure, measure_label, value,
    n, lines (the report's source lines), mapping, mapping_note, alternatives.
    ``source`` is ``annex`` (the 12 panels), ``tab3``, ``tab4`` or
    ``fig4``-``fig6``. Segments and technologies are keys or French labels
    (« infonuagique »); a dimension (``"size"``, ``"sector"``) stands for its
    groups that the source holds.
    """
    segments, measures = as_keys(segments, "segments"), as_keys(measures, "measures")
    technologies = as_keys(technologies, "technologies")
    use = load_technology_use()
    if source not in set(use["source"]):
        raise UnknownKeyError("technology source", source, set(use["source"]))
    use = use[use["source"] == source]
    source_name = f"in source '{source}'"
    segments = _segment_keys(segments, use["segment"], source_name)
    technologies = _technology_keys(technologies, set(use["technology"]))
    for what, keys, column in (("segment", segments, "segment"), ("measure", measures, "measure"), ("technology", technologies, "technology")):
        if keys is None:
            continue
        present = set(use[column])
        for k in keys:
            if k not in present:
                raise UnknownKeyError(f"{what} in source '{source}'", k, present)
        use = use[use[column].isin(keys)]
    tech = load_technologies().set_index("technology")
    fam = load_technology_families().set_index("family")
    seg = load_segments().set_index("segment")
    order_seg = {s: i for i, s in enumerate(segments)} if segments else seg["order"].to_dict()
    order_tech = {t: i for i, t in enumerate(technologies)} if technologies else tech["order"].to_dict()
    out = use.assign(
        segment_label=use["segment"].map(seg["label_fr"]),
        technology_label=use["technology"].map(tech["table_label_fr"]),
        family=use["technology"].map(tech["family"]),
        measure_label=use["measure"].map(MEASURE_LABELS),
        n=use["segment"].map(seg["n"]).astype(int),
        _s=use["segment"].map(order_seg),
        _t=use["technology"].map(order_tech),
        _m=use["measure"].map({"use": 0, "planned": 1}),
    )
    out["family_label"] = out["family"].map(fam["label_fr"])
    out = out.sort_values(["_s", "_t", "_m"])
    cols = ["source", "segment", "segment_label", "technology", "technology_label", "family", "family_label",
            "measure", "measure_label", "value", "n", "lines", "mapping", "mapping_note", "alternatives"]
    return out[cols].reset_index(drop=True)


def technology_value(technology: str, segment: str = "total", measure: str = "use", source: str = "annex") -> float:
    """One value of the technology grid: ``technology_value("cloud", "size_lt5")`` -> 42.0.

    ``technology`` and ``segment`` are keys or French labels (``"infonuagique"``, ``"Moins de 5 employés"``);
    ``measure`` is ``use`` or ``planned``.
    """
    if measure not in MEASURE_LABELS:
        raise UnknownKeyError("measure", measure, MEASURE_LABELS)
    hit = technology_use(segment, source=source, measures=measure, technologies=technology)
    if len(hit) != 1:
        raise ArgumentError(f"technology_value names one segment: {segment!r} stands for {len(hit)} groups "
                            f"({', '.join(hit['segment'])}); use technology_use() for several")
    return float(hit["value"].iloc[0])


# --------------------------------------------------------------------------
# keys as a researcher writes them: a key, a French label, or a dimension for all its groups


def _by_label(kind: str, key: str) -> str | None:
    """The one key of ``kind`` whose French label is ``key`` (or contains it, when only one does)."""
    if not isinstance(key, str) or not key.strip():
        return None
    hits = find(key)
    hits = hits[hits["kind"] == kind].drop_duplicates("key")
    exact = hits[[_plain(label) == _plain(key.strip()) for label in hits["label"]]]
    if len(exact) == 1:
        return exact["key"].iloc[0]
    return hits["key"].iloc[0] if len(hits) == 1 else None


def _segment_keys(keys: list[str] | None, present, where: str) -> list[str] | None:
    """Segment keys as given, French labels turned into keys, a dimension (``"size"``) expanded to its groups.

    ``present``: the segments this source holds (``where``: « for question 'x' », « in the annex panels »); a known segment it lacks is named as such.
    """
    if keys is None:
        return None
    seg = load_segments()
    known = set(seg["segment"])
    dimensions = list(dict.fromkeys(seg["dimension"]))
    present = set(present)
    out = []
    for key in keys:
        if key not in known and key in dimensions:
            groups = seg.loc[seg["dimension"] == key, "segment"].tolist()
            kept = [g for g in groups if g in present]
            if not kept:
                raise UnknownKeyError(f"segment dimension {where}", key, sorted({d for d in dimensions
                                      if set(seg.loc[seg["dimension"] == d, "segment"]) & present}))
            out += kept
            continue
        if key not in known:
            key = _by_label("segment", key) or key
        if key in known and key not in present:
            has = sorted(present & set(seg.loc[seg["dimension"] == seg.set_index("segment").at[key, "dimension"],
                                               "segment"]))
            label = seg.set_index("segment").at[key, "label_fr"]
            error = UnknownKeyError(f"segment {where}", key, present)
            error.args = (f"segment {key!r} ({label}) has no values {where}: the report prints none for this group"
                          + (f"; the groups of its dimension that have some: {', '.join(has)}" if has else "")
                          + f"; the groups {where}: {', '.join(sorted(present))}",)
            raise error
        if key not in present:
            raise UnknownKeyError(f"segment {where}", key, present)
        out.append(key)
    return out


def _technology_keys(keys: list[str] | None, present) -> list[str] | None:
    if keys is None:
        return None
    out = []
    for key in keys:
        if key not in present:
            key = _by_label("technology", key) or key
        if key not in present:
            raise UnknownKeyError("technology", key, present)
        out.append(key)
    return out


# --------------------------------------------------------------------------
# what exists, for a researcher's own cells


def segments(dimension: str | None = None) -> pd.DataFrame:
    """Every group of respondents: key, dimension (total, size, sector...), French label and base n.

    ``segments("size")`` keeps one dimension. Any key here can go where a
    function asks for ``segment`` or ``segments``.
    """
    seg = load_segments()
    if dimension is not None:
        known = list(dict.fromkeys(seg["dimension"]))
        if dimension not in known:
            raise UnknownKeyError("segment dimension", dimension, known)
        seg = seg[seg["dimension"] == dimension]
    return seg[["segment", "dimension", "label_fr", "n"]].reset_index(drop=True)


def questions() -> pd.DataFrame:
    """Every chart or table of chapter 1 (besides the technology grid): key, source, kind and French title."""
    return load_questions()[["question", "source", "kind", "title_fr", "base_segment"]]


def technologies() -> pd.DataFrame:
    """The 21 technologies of Table 2: key, family and French labels (long, and as in Tables 3-4)."""
    tech = load_technologies()
    families = load_technology_families().set_index("family")["label_fr"]
    return tech.assign(family_label=tech["family"].map(families))[
        ["technology", "family", "family_label", "table_label_fr", "label_fr"]]


def _plain(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFD", str(text).casefold())
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn").replace("’", "'")


def find(label: str) -> pd.DataFrame:
    """Keys whose French label contains ``label`` (case and accents ignored).

    ``find("infonuagique")`` gives the technology ``cloud``; ``find("loisirs")``
    the sector segment and the answer items that mention it. Columns: kind
    (segment, question, item, technology, glossary), key, label, and
    question for answer items.
    """
    if not isinstance(label, str) or not label.strip():
        raise ArgumentError(f"find expects a French word or label, got {label!r}")
    wanted = _plain(label.strip())
    rows = []
    for s in load_segments().itertuples():
        rows.append(("segment", s.segment, s.label_fr, None, [s.label_fr]))
    for q in load_questions().itertuples():
        rows.append(("question", q.question, q.title_fr, None, [q.title_fr]))
    for i in load_question_items().itertuples():
        rows.append(("item" if i.role == "item" else "level", i.key, i.label_fr, i.question, [i.label_fr]))
    for t in load_technologies().itertuples():
        rows.append(("technology", t.technology, t.table_label_fr, None, [t.label_fr, t.table_label_fr, t.chart_label_fr]))
    for g in load_glossary().itertuples():
        rows.append(("glossary", g.term, g.short_fr, None, [g.label_fr, g.short_fr]))
    hits = [(kind, key, shown, question) for kind, key, shown, question, texts in rows
            if any(wanted in _plain(t) for t in texts if isinstance(t, str))]
    return pd.DataFrame(hits, columns=["kind", "key", "label", "question"])


def _segment_row(segment) -> pd.Series:
    """A segment's row of segments.csv, by key or French label."""
    if not isinstance(segment, str):
        raise ArgumentError(f"segment must be a key (a string such as 'size_lt5'), "
                            f"got {type(segment).__name__} {segment!r}")
    seg = load_segments().set_index("segment")
    if segment not in seg.index:
        segment = _by_label("segment", segment) or segment
    if segment not in seg.index:
        raise UnknownKeyError("segment", segment, seg.index)
    return seg.loc[segment]


def segment_n_printed(segment: str) -> int | None:
    """The base the report prints for a segment, or ``None`` where it prints none.

    It differs from :func:`segment_n`, the base the book uses, where the printed one is impossible
    (``segment_n_printed("online_sellers")`` is 89, ``segment_n("online_sellers")`` 117; the
    ``n_note`` column of ``segments.csv`` says why). Keys or French labels, as for :func:`segment_n`.
    """
    printed = _segment_row(segment)["n_printed"]
    return None if pd.isna(printed) else int(printed)


def short_label(segment: str) -> str:
    """A group's name as running text writes it: its French label's first element, lower-cased.

    « 20 employés et plus », « loisirs » (for « Loisirs, tourisme, hébergement… »): the long
    sector labels are cut at their first comma, so that a sentence can name the group.
    Keys or French labels, as for :func:`segment_n`.
    """
    from . import fmt

    return str(fmt.in_sentence(_segment_row(segment)["label_fr"].split(",")[0]))


def segment_shares(segments) -> pd.Series:
    """Each segment's base as a share of all respondents, in percent, unrounded.

    ``segment_shares("size")`` gives the share of the sample each size class makes (the « Total » row of
    the report's Table 1 prints them rounded). ``segments``: keys, French labels or a dimension.
    """
    keys = _segment_keys(as_keys(segments, "segments"), load_segments()["segment"], "in data/segments.csv")
    total = segment_n("total")
    return pd.Series({key: 100 * segment_n(key) / total for key in keys}, name="share", dtype=float)


def base_excluding(question: str, items, segment: str = "total") -> int:
    """How many respondents of ``segment`` gave none of ``items``, rebuilt from a distribution's printed shares.

    The printed shares of every answer are added up, those of ``items`` taken away, and the result taken
    over the segment's base, to the nearest whole respondent. The sum of the printed shares is used, not
    100: the rounded values of a distribution rarely total exactly 100, and the group left is what the
    other bars print. ``base_excluding("revenue", ["rev_lt100k", "dont_know"])`` gives the firms of
    $100k and more as Figure 1 prints them (262 of 403).
    """
    keys = as_keys(items, "items")
    if question not in set(load_questions()["question"]):
        raise UnknownKeyError("question", question, load_questions()["question"])
    frame = responses(question, segment)
    if frame["segment"].nunique() != 1:
        raise ArgumentError(f"base_excluding takes one segment: {segment!r} stands for "
                            f"{', '.join(dict.fromkeys(frame['segment']))}")
    if set(frame["level"]) != {"share"}:
        raise ArgumentError(f"question '{question}' is not a distribution of shares (its levels: "
                            f"{', '.join(dict.fromkeys(frame['level']))}): base_excluding reads one bar per answer")
    shares = frame.set_index("item")["value"]
    for key in keys:
        if key not in shares.index:
            raise UnknownKeyError(f"item for question '{question}'", key, shares.index)
    left = shares.sum()
    for key in keys:  # one subtraction after another, as a reader would
        left = left - shares[key]
    return round(left * int(frame["n"].iloc[0]) / 100)


#: The words the report puts before a key figure (« environ 7 000 entreprises », « près de 9 millions de
#: membres »): its numbers are orders of magnitude, and the book says so as the report does.
CONTEXT_QUALIFIERS = {"enterprises": "environ ", "cqcm_members": "près de ", "cefrio_researchers": "plus de ",
                      "cefrio_members": "près de "}


def context_text(figure: str) -> str:
    """A key figure of the sector as a reader says it: « environ 7 000 », « 38 milliards de dollars »,
    « près de 9 millions de personnes ».

    Millions and billions in words, the unit after the number (« de dollars », « personnes ») and the
    report's own qualifier where it prints one (« environ », « près de », « plus de »).
    """
    from . import fmt

    figures = load_context_figures().set_index("figure")
    if figure not in figures.index:
        raise UnknownKeyError("context figure", figure, figures.index)
    row = figures.loc[figure]
    value = float(row["value"])
    if value >= 1e9:
        text = fmt.number(value / 1e9) + " milliards"
    elif value >= 1e6:
        text = fmt.number(value / 1e6) + " millions"
    else:
        text = fmt.number(value)
    if row["unit"] == "dollars":
        text += " de dollars" if value >= 1e6 else "\u00a0$"
    elif row["unit"] == "persons":
        text += " de personnes" if value >= 1e6 else " personnes"
    return fmt.Text(CONTEXT_QUALIFIERS.get(figure, "") + text)


def context_year(figure: str) -> str:
    """The year a key figure of the sector refers to (« 2015 »), or « — » when the report gives none.

    In prose, a year goes with its preposition (« En 2015 »): the book refuses a bare 2015, which looks
    like an unformatted number.
    """
    from . import fmt

    figures = load_context_figures().set_index("figure")
    if figure not in figures.index:
        raise UnknownKeyError("context figure", figure, figures.index)
    year = figures.at[figure, "year"]
    return fmt.Text("—" if pd.isna(year) else str(int(year)))


#: Each technology named as inside a French sentence, with its article (« l’infonuagique », « les médias
#: sociaux »): for lists of technologies written into prose.
TECHNOLOGY_IN_SENTENCE = {
    "office_suite": "la suite bureautique", "erp": "les progiciels de gestion de type ERP",
    "scm": "les progiciels de gestion de la chaîne logistique (SCM)",
    "crm": "les progiciels de gestion de la relation client (CRM)",
    "document_management": "la gestion électronique des documents", "accounting_software": "le logiciel comptable",
    "design_software": "les logiciels de design ou de développement de produit",
    "wms": "le système de gestion de l’entrepôt (WMS)",
    "big_data": "les logiciels d’analyse de données (big data, informatique décisionnelle)",
    "website_info": "le site Web informationnel", "website_transactional": "le site Web transactionnel",
    "website_mobile": "le site Web adapté au mobile", "social_media": "les médias sociaux", "intranet": "l’intranet",
    "web_conferencing": "les outils de cyberconférence",
    "collaboration_platform": "la plateforme de collaboration en ligne", "cloud": "l’infonuagique",
    "mobile_apps": "les applications mobiles", "remote_support": "les outils de soutien à distance",
    "web_analytics": "les outils d’analyse Web", "wifi": "le réseau sans fil",
}


def technology_in_sentence(technology: str) -> str:
    """A technology named as inside a French sentence, with its article: ``"cloud"`` -> « l’infonuagique ».

    ``technology``: a key or a French label (« Infonuagique »).
    """
    from . import fmt

    if not isinstance(technology, str):
        raise ArgumentError(f"technology must be a key (a string), got {type(technology).__name__} {technology!r}")
    key = _technology_keys([technology], set(load_technologies()["technology"]))[0]
    return fmt.Text(TECHNOLOGY_IN_SENTENCE[key])


# --------------------------------------------------------------------------
# the case studies, the agreement scales and the files, as the chapters read them

#: Shorter names of the case studies whose full name would not fit a chart label or a heading.
CASE_SHORT_NAMES = {
    "case03": "CSAD Haute-Côte-Nord",
    "case08": "La Mauve",
    "case09": "Projet Bwat",
    "case12": "L’Euguélionne",
}

#: The survey's sector labels are long: a short French form, for tables and running text.
SECTOR_SHORT_LABELS = {
    "sector_agri": "Agroalimentaire",
    "sector_retail": "Commerce et services de proximité",
    "sector_personal": "Services à la personne",
    "sector_business": "Services aux entreprises, communications",
    "sector_manufacturing": "Manufacturier",
    "sector_leisure": "Loisirs, tourisme, culture",
    "sector_housing": "Habitation et location",
    "sector_other": "Autre",
}

#: A case's legal form (``cases.csv``, ``legal_form``) in French.
LEGAL_FORM_LABELS = {"cooperative": "coopérative", "obnl": "OBNL"}

#: How a fact box qualifies its printed IT-budget share (``it_budget_share_qualifier``), in French.
SHARE_QUALIFIERS = {"about": "environ", "less_than": "moins de", "more_than": "plus de", "exact": ""}


def cases() -> pd.DataFrame:
    """The case studies' fact boxes in the report's order, with each case's number and a short name.

    The columns of ``data/cases.csv`` (a range as ``_min``/``_max``; NaN where the box prints
    nothing), plus ``n``, the case's number in the report (1 to 13), and ``short``, its name short
    enough for a chart label or a heading (:data:`CASE_SHORT_NAMES`, else the name).
    """
    frame = load_cases().sort_values("order").reset_index(drop=True)
    frame["n"] = frame["order"].astype(int)
    frame["short"] = [CASE_SHORT_NAMES.get(c, name) for c, name in zip(frame["case"], frame["name"])]
    return frame


#: The levels that :func:`agreement` adds up, in the order it adds them.
AGREE_LEVELS = ("strongly_agree", "somewhat_agree")
DISAGREE_LEVELS = ("somewhat_disagree", "strongly_disagree")


def agreement(question: str, item: str | None = None, segment: str = "total", disagree: bool = False) -> float:
    """The share who agree, strongly or somewhat, with one statement of an agreement scale, in percent.

    ``agreement("perceptions", "digital_plan")`` adds the printed « fortement » and « plutôt en accord »
    values of that statement (the report's Figure 11); ``disagree=True`` adds the two levels of
    disagreement instead. ``item`` and ``segment`` are as in :func:`value`.
    """
    levels = DISAGREE_LEVELS if disagree else AGREE_LEVELS
    known = set(responses(question)["level"])
    missing = [level for level in levels if level not in known]
    if missing:
        raise ArgumentError(f"question {question!r} is not an agreement scale: it has no level "
                            f"{', '.join(missing)} (its levels: {', '.join(sorted(known))})")
    return sum(value(question, segment, item, level) for level in levels)


def technology_ranking(segment: str = "total", measure: str = "use", source: str = "annex") -> pd.DataFrame:
    """The technologies of one group ranked by one measure, the most cited first, indexed by technology.

    The columns of :func:`technology_use`, plus ``rank`` (1 = the most cited; ties keep the order
    the sort gives them) and ``in_sentence``, the label as it reads inside a sentence
    (« site Web informationnel »): ``technology_ranking("total", "planned").set_index("rank")``
    gives the most planned investments by rank.
    """
    from .fmt import in_sentence

    if not isinstance(segment, str):
        raise ArgumentError(f"technology_ranking ranks one group: segment must be a key, got {segment!r}")
    ranked = (technology_use([segment], source=source, measures=[measure])
              .sort_values("value", ascending=False).set_index("technology"))
    if ranked["segment"].nunique() != 1:
        raise ArgumentError(f"technology_ranking ranks one group: {segment!r} stands for "
                            f"{ranked['segment'].nunique()} ({', '.join(dict.fromkeys(ranked['segment']))})")
    ranked["rank"] = range(1, len(ranked) + 1)
    ranked["in_sentence"] = [in_sentence(label) for label in ranked["technology_label"]]
    return ranked


def files() -> pd.DataFrame:
    """Every file of ``data/``: its name, what it holds (French), its number of rows and its loader.

    Columns: ``name`` (``segments``), ``file`` (``data/segments.csv``), ``description_fr``
    (the data dictionary's, :data:`.schemas.FILE_DESCRIPTIONS`), ``rows`` and ``loader``
    (``data.load_segments()``), in the order of :data:`LOADERS`.
    """
    from .schemas import FILE_DESCRIPTIONS

    names = list(LOADERS)
    return pd.DataFrame({
        "name": names,
        "file": [f"data/{name}.csv" for name in names],
        "description_fr": [FILE_DESCRIPTIONS[name] for name in names],
        "rows": [len(LOADERS[name]()) for name in names],
        "loader": [f"data.load_{name}()" for name in names],
    })
