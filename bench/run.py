"""Whole-process benchmark of `drafts` against its floor and its peer (SPEC §5).

    .venv/bin/python bench/run.py            # the full run: 10, 1,000, 4,000 and 10,000 versions
    .venv/bin/python bench/run.py --quick    # a few minutes less: 10, 250, 1,000 versions, fewer runs
    .venv/bin/python bench/run.py --markdown # the tables as Markdown, for the README

It generates synthetic collections (bench/generate.py) into bench/.work/, then runs every
command as a user would, as a whole process with stdout to /dev/null, several times, in
interleaved rounds so that drift on the machine hits every command alike. It reports the
median CPU and wall time and each process's own peak memory (ru_maxrss from wait4 in bench/launcher.py,
a small fresh interpreter, so no run inherits the harness's size), and checks the
targets. The peer, deepdiff's `deep diff` CLI, is installed as a user would install it into its
own venv (bench/.work/peer-venv), so that its dependencies never enter the project's venv.

Standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
WORK = BENCH / ".work"
PEER_VENV = WORK / "peer-venv"
IMPORTS = "import typer, rich, pydantic, yaml, diff_match_patch"
SEED = 7

sys.path.insert(0, str(BENCH))
import generate  # noqa: E402

# --- running one process ---------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    maxrss_kb: int
    code: int | None  # None: killed at the timeout
    stderr: str
    cpu: float = 0.0  # user + system seconds of the command itself


def run_once(argv: list[str], timeout: float, cwd: Path, env: dict[str, str], fresh: Path | None = None) -> Run:
    """One whole process, through bench/launcher.py: its wall time and its own peak RSS.

    `fresh`: a folder emptied before the run (a first run's empty cache).
    """
    if fresh is not None:
        import shutil

        shutil.rmtree(fresh, ignore_errors=True)
    base = getattr(sys, "_base_executable", sys.executable)
    with tempfile.TemporaryFile() as err, tempfile.TemporaryDirectory() as scratch:
        result = Path(scratch) / "result"
        launcher = [base, "-I", "-S", str(BENCH / "launcher.py"), str(result), str(timeout), *argv]
        done = subprocess.run(
            launcher, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err, cwd=cwd, env=env, check=False
        )
        err.seek(0)
        stderr = err.read().decode("utf-8", "replace")
        try:
            seconds, maxrss, code, cpu = result.read_text().split()
        except (OSError, ValueError):
            return Run(0.0, 0, 127 if done.returncode == 0 else done.returncode, f"cannot start {argv[0]}: {stderr}")
    return Run(float(seconds), int(maxrss), None if code == "timeout" else int(code), stderr, float(cpu))


@dataclass
class Case:
    key: str
    label: str
    argv: list[str]
    reps: int
    warm: bool = True  # one unmeasured run first (caches, .pyc)
    fresh: Path | None = None  # emptied before every run: a first run's empty cache
    runs: list[Run] = field(default_factory=list)
    failure: Run | None = None
    skipped: str | None = None

    @property
    def times(self) -> list[float]:
        return [r.seconds for r in self.runs]

    @property
    def median(self) -> float | None:
        """The median CPU time (user + system): what the targets are judged on."""
        return statistics.median(r.cpu for r in self.runs) if self.runs and not self.failure else None

    @property
    def wall(self) -> float | None:
        return statistics.median(self.times) if self.runs and not self.failure else None

    @property
    def peak_mb(self) -> float | None:
        every = self.runs + ([self.failure] if self.failure else [])
        return max(r.maxrss_kb for r in every) * 1024 / 1e6 if every else None

    @property
    def status(self) -> str:
        if self.skipped:
            return "skipped"
        if self.failure is None:
            return "ok" if self.runs else "not run"
        if self.failure.code is None:
            return "TIMEOUT"
        return f"FAIL (exit {self.failure.code})"


def measure(cases: list[Case], timeout: float, per_case: float, env: dict[str, str], log) -> None:
    """Interleaved rounds: round r runs every case that still wants an r-th run."""
    live = [c for c in cases if not c.skipped]
    for case in live:
        if case.warm:
            warm = run_once(case.argv, timeout, WORK, env, case.fresh)
            if warm.code != 0:
                case.failure = warm
    rounds = max((c.reps for c in live), default=0)
    for r in range(rounds):
        order = live[r % len(live) :] + live[: r % len(live)] if live else []
        for case in order:
            if case.failure or len(case.runs) >= case.reps:
                continue
            run = run_once(case.argv, timeout, WORK, env, case.fresh)
            if run.code != 0:
                case.failure = run
                log(f"  {case.label}: {case.status} after {run.seconds:.2f} s")
                continue
            case.runs.append(run)
            if r == 0:
                # Slow cases get fewer runs: about `per_case` seconds each, and at least one.
                case.reps = max(1, min(case.reps, int(per_case / max(run.seconds, 1e-3))))
                log(
                    f"  {case.label}: {run.seconds:.3f} s ({run.cpu:.3f} s CPU), "
                    f"{run.maxrss_kb / 1024:.0f} MiB; {case.reps} run(s)"
                )


# --- the peer --------------------------------------------------------------------------


def peer_requirement() -> str:
    """The `bench` extra of pyproject.toml, e.g. deepdiff[cli]>=8."""
    try:
        import tomllib

        extra = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]["optional-dependencies"]["bench"]
        return next(req for req in extra if req.startswith("deepdiff"))
    except (OSError, KeyError, StopIteration, ValueError):
        return "deepdiff[cli]>=8"


def ensure_peer(log) -> tuple[Path | None, str]:
    """The `deep` command in its own venv, installed as a user would; (None, why) if impossible."""
    deep = PEER_VENV / "bin" / "deep"
    if not deep.exists():
        requirement = peer_requirement()
        log(f"installing the peer ({requirement}) into {PEER_VENV.relative_to(REPO)} ...")
        base = getattr(sys, "_base_executable", sys.executable)
        steps = [
            [base, "-m", "venv", str(PEER_VENV)],
            [str(PEER_VENV / "bin" / "python"), "-m", "pip", "install", "-q", requirement],
        ]
        for step in steps:
            done = subprocess.run(step, capture_output=True, text=True)
            if done.returncode != 0:
                return None, f"could not install the peer: {' '.join(step)}\n{done.stderr[-2000:]}"
    version = subprocess.run(
        [str(PEER_VENV / "bin" / "python"), "-c", "import importlib.metadata as m; print(m.version('deepdiff'))"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return deep, version or "?"


# --- collections -----------------------------------------------------------------------


def collection(versions: int, seed: int, log) -> Path:
    """bench/.work/collections/nN-sS, regenerated only when generate.py, N or the seed change."""
    import hashlib

    out = WORK / "collections" / f"n{versions}-s{seed}"
    stamp = hashlib.sha256(Path(generate.__file__).read_bytes()).hexdigest() + f" {versions} {seed}\n"
    stamp_file = out / ".stamp"
    if stamp_file.exists() and stamp_file.read_text() == stamp:
        return out
    log(f"generating {versions:,} versions into {out.relative_to(REPO)} ...")
    stamp_file.unlink(missing_ok=True)
    generate.generate(out, versions, seed)
    stamp_file.write_text(stamp)
    return out


# --- the word diff ---------------------------------------------------------------------

WORD_DIFF = """
import json, statistics, sys, time
sys.path.insert(0, sys.argv[1])
import generate
from drafts.comparing.textdiff import word_diff
old, new = generate.text_pair(100_000, int(sys.argv[2]))
word_diff(old, new)
times = []
for _ in range(int(sys.argv[3])):
    t = time.perf_counter(); d = word_diff(old, new); times.append(time.perf_counter() - t)
print(json.dumps({"median": statistics.median(times), "runs": len(times), "inline": d.inline,
                  "segments": len(d.segments), "sizes": [len(old), len(new)]}))
"""


PARSE = """
import json, sys, time
from pathlib import Path
from drafts.reading import yamlsafe
files = sorted(Path(sys.argv[1]).glob("drafts/v*.yaml"))[: int(sys.argv[2])]
texts = [(yamlsafe.read_text(f), f.name) for f in files]
yamlsafe.load(*texts[0])  # the parser's import is start-up, not parsing
t, cpu = time.perf_counter(), time.process_time()
for text, name in texts:
    yamlsafe.load(text, name)
wall, cpu = time.perf_counter() - t, time.process_time() - cpu
print(json.dumps({"seconds": cpu, "wall": wall, "files": len(texts)}))
"""


def _in_process(python: str, script: str, args: list[str], timeout: float, env: dict[str, str]) -> dict[str, Any]:
    """Run a timing script in a fresh interpreter; its JSON result, or {"error": why}."""
    try:
        done = subprocess.run([python, "-c", script, *args], capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    if done.returncode != 0:
        return {"error": done.stderr.strip()[-2000:]}
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def parse_timing(python: str, root: Path, count: int, timeout: float, env: dict[str, str]) -> dict[str, Any]:
    """The uncached parse with every rule of the safe loader, in-process, of `count` drafts."""
    return _in_process(python, PARSE, [str(root), str(count)], timeout, env)


def word_diff_timing(python: str, seed: int, reps: int, timeout: float, env: dict[str, str]) -> dict[str, Any]:
    return _in_process(python, WORD_DIFF, [str(BENCH), str(seed), str(reps)], timeout, env)


# --- the quote matcher (drafts quote, check's closest passage): `bench/run.py --matcher` -------

MATCHER = r"""
import json, random, resource, statistics, sys, time, unicodedata
from pathlib import Path
from drafts.evidence.quotes import Archive
repo, seed = Path(sys.argv[1]), int(sys.argv[2])
rng = random.Random(seed)
words = " ".join(p.read_text(encoding="utf-8") for p in sorted((repo / "seeds").glob("*.txt"))).split()
def text_of(size, sep=" ", numbers=True):
    # Lines of the reports' words; with numbers, each line also has a figure, as reports do.
    out, n = [], 0
    while n < size:
        line = " ".join(rng.choice(words) for _ in range(12))
        if numbers:
            line += f" {rng.randrange(10**6):,}"
        out.append(line); n += len(line) + len(sep)
    return sep.join(out)
def quote_in(text, n_words, change=True):
    start = text.find(" ", rng.randrange(len(text) // 4, 3 * len(text) // 4)) + 1
    picked = text[start:start + 40 * n_words].split()[:n_words]
    if change: picked[n_words // 2] = "zanzibar"
    return " ".join(picked)
def median(f, reps=5):
    times = []
    for _ in range(reps):
        t = time.perf_counter(); f(); times.append(time.perf_counter() - t)
    return statistics.median(times)
out = {}
five = text_of(5 << 20)
out["normalise 5 MB archive"] = median(lambda: Archive(five), 3)
archive = Archive(five)
q30, q60 = quote_in(five, 30), quote_in(five, 60)
assert archive.closest(q30) is not None
out["closest, 30 words, one changed, 5 MB"] = median(lambda: archive.closest(q30))
out["closest, 60 words, one changed, 5 MB"] = median(lambda: archive.closest(q60))
out["closest, nothing close, 5 MB"] = median(lambda: archive.closest("The agreement covers 57 minerals and 12 ports"))
plain = Archive(text_of(5 << 20, numbers=False))
q60 = quote_in(plain.text, 60)
out["closest, 60 words, 5 MB of only common words"] = median(lambda: plain.closest(q60))
del plain
out["exact quote, 5 MB"] = median(lambda: archive.contains(quote_in(five, 20, change=False)), 3)
crlf = unicodedata.normalize("NFD", text_of(5 << 20, "\r\n")).replace("e", "e\u00ad", 1000)
out["normalise 5 MB CRLF + NFD + soft hyphens"] = median(lambda: Archive(crlf), 3)
del crlf, archive, five
twelve = text_of(12 << 20, numbers=False)
big = Archive(twelve)
t = time.perf_counter()
for _ in range(10):
    big.closest(quote_in(twelve, 60))
out["12 MB of only common words, ten 60-word misquotes"] = time.perf_counter() - t
out["peak MB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def matcher_timing(python: str, seed: int, timeout: float, env: dict[str, str]) -> int:
    """In-process timings of the quote matcher on large archives; the target: under 0.5 s on 5 MB."""
    results = _in_process(python, MATCHER, [str(REPO), str(seed)], timeout, env)
    if "error" in results:
        print(f"matcher: {results['error']}")
        return 1
    for name, value in results.items():
        print(f"  {name:50} {value:8.3f}{'' if name == 'peak MB' else ' s'}")
    worst = max(v for k, v in results.items() if k.startswith("closest") and "5 MB" in k)
    print("  (drafts check stops looking for closest passages after 10 searches or 2 s, whichever comes first)")
    print(f"target: closest passage on a 5 MB archive under 0.5 s: {worst:.3f} s, {'PASS' if worst < 0.5 else 'FAIL'}")
    return 0 if worst < 0.5 else 1


# --- the machine -----------------------------------------------------------------------


def machine(python: str, peer_version: str | None) -> list[tuple[str, str]]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = os.cpu_count() or 0
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else cores
    probe = (
        "import sys, platform, importlib.metadata as m\n"
        "print(platform.python_version())\n"
        "for p in ('drafts', 'typer', 'rich', 'pydantic', 'pydantic-core', 'PyYAML', 'diff-match-patch'):\n"
        "    try: print(p, m.version(p))\n"
        "    except Exception: print(p, '-')\n"
        "import yaml; print('libyaml', yaml.__with_libyaml__)\n"
    )
    out = subprocess.run([python, "-c", probe], capture_output=True, text=True).stdout.split("\n")
    versions = ", ".join(line for line in out[1:] if line)
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    return [
        ("CPU", cpu),
        ("cores", f"{cores} ({usable} usable)"),
        ("OS", f"{platform.system()} {platform.release()}"),
        ("Python", out[0] if out else "?"),
        ("packages", versions),
        ("peer", f"deepdiff {peer_version}" if peer_version else "not available"),
        ("commit", commit.stdout.strip() or "?"),
    ]


# --- the targets -----------------------------------------------------------------------


@dataclass
class Target:
    name: str
    measured: str
    limit: str
    result: str  # PASS | FAIL | SKIP


def ratio_target(name: str, a: Case | None, b: Case | None, factor: float) -> Target:
    """a ≤ factor × b."""
    if a is None or b is None or a.median is None or b.median is None:
        missing = [c.label for c in (a, b) if c is not None and c.median is None]
        why = "not measured" + (f": {', '.join(missing)}" if missing else "")
        skip = any(c is not None and c.skipped for c in (a, b))
        return Target(name, why, f"≤ {factor:g}×", "SKIP" if skip else "FAIL")
    ratio = a.median / b.median
    return Target(
        name,
        f"{a.median:.3f} s = {ratio:.2f}× {b.median:.3f} s",
        f"≤ {factor:g}× ({factor * b.median:.3f} s)",
        "PASS" if ratio <= factor else "FAIL",
    )


def below(name: str, case: Case | None, limit: float) -> Target:
    """case's median < limit seconds."""
    if case is None or case.median is None:
        return Target(name, "not measured", f"< {limit:g} s", "FAIL")
    measured = f"{case.median:.3f} s CPU (wall {fmt(case.wall)} s)"
    return Target(name, measured, f"< {limit:g} s", "PASS" if case.median < limit else "FAIL")


def targets(by_key: dict[str, Case], base: int, big: int, word: dict[str, Any], parse: dict[str, Any]) -> list[Target]:
    get = by_key.get
    big4 = 4 * base
    out = [
        ratio_target("diff v1 v3 ≤ 0.75 × deepdiff CLI", get("shipped:diff"), get("peer"), 0.75),
        ratio_target("diff v1 v3 ≤ 1.15 × lean app", get("shipped:diff"), get("lean"), 1.15),
        ratio_target("diff v1 v3 ≤ 1.25 × floor app", get("shipped:diff"), get("floor"), 1.25),
        ratio_target("--help ≤ diff v1 v3", get("help"), get("shipped:diff"), 1.0),
        ratio_target("list ≤ diff v1 v3 (shipped)", get("shipped:list"), get("shipped:diff"), 1.0),
        ratio_target("list ≤ diff v1 v3 (10 versions)", get("n10:list"), get("n10:diff"), 1.0),
        ratio_target(f"diff v1 v3 ({big4:,}) ≤ 2 × diff v1 v3 (shipped)", get(f"n{big4}:diff"), get("shipped:diff"), 2),
        below(f"log over {base:,} versions < 1 s", get(f"n{base}:log"), 1.0),
        below(f"log over {base:,} versions, first run (empty cache) < 2.5 s", get(f"n{base}:log:first"), 2.5),
    ]
    for command in ("log", "check"):
        out.append(
            ratio_target(
                f"{command}({big4:,}) / {command}({base:,}) ≤ 4.6 (linear)",
                get(f"n{big4}:{command}"),
                get(f"n{base}:{command}"),
                4.6,
            )
        )
    name = f"cold parse of {base:,} drafts in-process < 1 s"
    if "seconds" in parse:
        seconds = float(parse["seconds"])
        measured = f"{seconds:.3f} s CPU (wall {float(parse['wall']):.3f} s), {parse['files']:,} files"
        out.append(Target(name, measured, "< 1 s", "PASS" if seconds < 1 and parse["files"] == base else "FAIL"))
    else:
        out.append(Target(name, "failed", "< 1 s", "FAIL"))
    check_big = get(f"n{big}:check")
    name = f"peak memory of check over {big:,} versions < 300 MB"
    if check_big is None or check_big.peak_mb is None:
        out.append(Target(name, "not measured", "< 300 MB", "FAIL"))
    elif check_big.median is None:
        # Killed or failed: its peak so far is a lower bound, which can only prove a failure.
        out.append(Target(name, f"≥ {check_big.peak_mb:.0f} MB ({check_big.status.lower()})", "< 300 MB", "FAIL"))
    else:
        out.append(
            Target(name, f"{check_big.peak_mb:.0f} MB", "< 300 MB", "PASS" if check_big.peak_mb < 300 else "FAIL")
        )
    if "median" in word:
        ms = float(word["median"]) * 1000
        inline = "" if word.get("inline") else " (not an inline diff!)"
        out.append(
            Target(
                "word diff of two 100 KB texts < 100 ms",
                f"{ms:.1f} ms{inline}",
                "< 100 ms",
                "PASS" if ms < 100 else "FAIL",
            )
        )
    else:
        out.append(Target("word diff of two 100 KB texts < 100 ms", "failed", "< 100 ms", "FAIL"))
    return out


# --- output ----------------------------------------------------------------------------


def table(headers: list[str], rows: list[list[str]], markdown: bool, right: set[int]) -> str:
    if markdown:

        def esc(cell: str) -> str:
            return cell.replace("|", "\\|")

        lines = ["| " + " | ".join(headers) + " |"]
        lines.append("|" + "|".join("---:" if i in right else "---" for i in range(len(headers))) + "|")
        lines += ["| " + " | ".join(esc(c) for c in row) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    return "\n".join([line(headers), "  ".join("-" * w for w in widths), *map(line, rows)])


def fmt(x: float | None, digits: int = 3) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="smaller collections (10, 250, 1,000) and fewer runs")
    parser.add_argument(
        "--base", type=int, help="size for log < 2 s and the linearity ratios (default 1000; quick 250)"
    )
    parser.add_argument("--big", type=int, help="size for check's peak memory (default 10000; quick 1000)")
    parser.add_argument("--reps", type=int, help="runs of each fast command (default 11; quick 5)")
    parser.add_argument("--full", action="store_true", help="every command on every size (slow)")
    parser.add_argument("--timeout", type=float, default=100.0, help="seconds before one run is killed (default 100)")
    parser.add_argument("--per-case", type=float, default=45.0, help="about this many seconds of runs per slow command")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--no-peer", action="store_true", help="do not install or run deepdiff")
    parser.add_argument("--python", default=str(REPO / ".venv" / "bin" / "python"), help="the project venv's python")
    parser.add_argument("--markdown", action="store_true", help="print the tables as Markdown")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    parser.add_argument("--matcher", action="store_true", help="only time the quote matcher on 5 and 12 MB archives")
    args = parser.parse_args(argv)
    if args.matcher:
        return matcher_timing(
            args.python if Path(args.python).exists() else sys.executable, args.seed, 600, dict(os.environ)
        )

    base = args.base or (250 if args.quick else 1000)
    big = args.big or (1000 if args.quick else 10000)
    reps = args.reps or (5 if args.quick else 11)
    python = args.python if Path(args.python).exists() else sys.executable
    drafts = str(Path(python).parent / "drafts")
    drafts_cmd = [drafts] if Path(drafts).exists() else [python, "-m", "drafts"]
    began = time.perf_counter()
    load_before = os.getloadavg()[0]

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    WORK.mkdir(parents=True, exist_ok=True)
    # As on a user's machine: bytecode is cached (a warm-up run writes any stale .pyc; with
    # PYTHONDONTWRITEBYTECODE every edited module would be recompiled on every run).
    drop = ("DRAFTS_ROOT", "FORCE_COLOR", "PYTHONPROFILEIMPORTTIME", "PYTHONDONTWRITEBYTECODE", "PYTHONDEVMODE")
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("COV_")}
    env["NO_COLOR"] = "1"
    # drafts caches parsed drafts by content; the benchmark keeps its own cache, warmed by a first
    # run of each case, and times the big log and check once more without it ("cold").
    env["DRAFTS_CACHE_DIR"] = str(WORK / "cache")
    env.pop("DRAFTS_NO_CACHE", None)

    sizes = sorted({10, base, 4 * base, big})
    roots = {n: collection(n, args.seed, log) for n in sizes}

    # Where does --root go? A global option (drafts --root DIR diff) or a command's (drafts diff --root DIR)?
    def rooted(root: Path, *command: str) -> list[str]:
        return (
            [*drafts_cmd, "--root", str(root), *command] if root_first else [*drafts_cmd, *command, "--root", str(root)]
        )

    root_first = True
    probe = run_once([*drafts_cmd, "--root", str(REPO), "list"], args.timeout, WORK, env)
    if probe.code == 2:
        root_first = run_once([*drafts_cmd, "list", "--root", str(REPO)], args.timeout, WORK, env).code != 0

    peer, peer_version = (None, "") if args.no_peer else ensure_peer(log)
    if peer is None and not args.no_peer:
        log(peer_version)
    v1, v3 = REPO / "drafts" / "v1.yaml", REPO / "drafts" / "v3.yaml"
    slow = max(3, reps // 3)
    cases = [
        Case("shipped:diff", "drafts diff v1 v3 (shipped)", rooted(REPO, "diff", "v1", "v3"), reps),
        Case(
            "floor", "floor app (typer + stack, no-op)", [python, str(BENCH / "floor_app.py"), str(v1), str(v3)], reps
        ),
        Case(
            "lean", "lean app (typer + yaml + dmp, no-op)", [python, str(BENCH / "lean_app.py"), str(v1), str(v3)], reps
        ),
        Case("imports", "bare imports", [python, "-c", IMPORTS], reps),
        Case(
            "peer", "deepdiff: deep diff v1.yaml v3.yaml", [str(peer), "diff", str(v1), str(v3)] if peer else [], reps
        ),
        Case("help", "drafts --help", [*drafts_cmd, "--help"], reps),
        Case("shipped:list", "drafts list (shipped)", rooted(REPO, "list"), reps),
    ]
    if peer is None:
        cases[4].skipped = "--no-peer" if args.no_peer else "peer not installed"
    plan: dict[int, tuple[str, ...]] = {10: ("diff", "list", "log", "check"), base: ("diff", "list", "log", "check")}
    plan[4 * base] = (*plan.get(4 * base, ()), "diff", "log", "check")
    plan[big] = (*plan.get(big, ()), "check")
    if args.full:
        plan = {n: ("diff", "list", "log", "check") for n in sizes}
    for n in sizes:
        for command in dict.fromkeys(plan.get(n, ())):
            words = ("diff", "v1", "v3") if command == "diff" else (command,)
            count = reps if n <= 10 else slow
            label = f"drafts {' '.join(words)} ({n:,} versions)"
            cases.append(Case(f"n{n}:{command}", label, rooted(roots[n], *words), count, warm=True))
    for command in ("log", "check"):
        cold = ["/usr/bin/env", "DRAFTS_NO_CACHE=1", *rooted(roots[base], command)]
        cases.append(Case(f"n{base}:{command}:cold", f"drafts {command} ({base:,} versions, no cache)", cold, 1))
    fresh = WORK / "first-run-cache"
    first = ["/usr/bin/env", f"DRAFTS_CACHE_DIR={fresh}", *rooted(roots[base], "log")]
    label = f"drafts log ({base:,} versions, first run, empty cache)"
    cases.append(Case(f"n{base}:log:first", label, first, slow, warm=False, fresh=fresh))

    log(f"measuring {len([c for c in cases if not c.skipped])} commands ...")
    measure(cases, args.timeout, args.per_case, env, log)
    log("timing the word diff ...")
    word = word_diff_timing(python, args.seed, 7, args.timeout, env)
    log(f"timing the cold parse of {base:,} drafts ...")
    parse = parse_timing(python, roots[base], base, args.timeout, env)

    by_key = {c.key: c for c in cases}
    results = targets(by_key, base, big, word, parse)
    rows = [
        [
            c.label,
            c.status,
            str(len(c.runs)),
            fmt(c.median),
            fmt(c.wall),
            fmt(min(c.times) if c.runs else None),
            fmt(max(c.times) if c.runs else None),
            fmt(c.peak_mb, 0),
        ]
        for c in cases
    ]
    if "median" in word:
        rows.append(
            [
                "word_diff, two 100 KB texts (in-process)",
                "ok",
                str(word["runs"]),
                fmt(float(word["median"])),
                fmt(float(word["median"])),
                "",
                "",
                "",
            ]
        )
    else:
        rows.append(["word_diff, two 100 KB texts (in-process)", "FAIL", "0", "–", "–", "", "", ""])
    parsed = f"yamlsafe.load, {base:,} drafts, cold (in-process)"
    if "seconds" in parse:
        rows.append([parsed, "ok", "1", fmt(float(parse["seconds"])), fmt(float(parse["wall"])), "", "", ""])
    else:
        rows.append([parsed, "FAIL", "0", "–", "–", "", "", ""])

    md = args.markdown
    facts = machine(python, peer_version if peer else None)
    facts.append(("load", f"1-min load average {load_before:.2f} before, {os.getloadavg()[0]:.2f} after"))
    out = []
    out.append("## Machine" if md else "MACHINE")
    out.append(
        table(["", ""], [[k, v] for k, v in facts], md, set()) if md else "\n".join(f"  {k:9} {v}" for k, v in facts)
    )
    out.append("")
    heading = "TIMINGS (whole process, stdout to /dev/null; medians of the runs; targets judge CPU time)"
    out.append("## Timings" if md else heading)
    if md:
        out.append(
            "Whole process, stdout to /dev/null, medians of the runs. cpu = the process's user + system time,"
            " which the targets judge (a busy shared machine inflates wall time, not the work); wall = elapsed,"
            " with its min and max; peak = the process's own max RSS.\n"
        )
    headers = ["command", "status", "runs", "cpu s", "wall s", "min wall", "max wall", "peak MB"]
    out.append(table(headers, rows, md, {2, 3, 4, 5, 6, 7}))
    out.append("")
    out.append("## Targets" if md else "TARGETS")
    out.append(
        table(
            ["target", "measured", "limit", "result"],
            [[t.name, t.measured, t.limit, t.result] for t in results],
            md,
            set(),
        )
    )
    failures = [c for c in cases if c.failure is not None]
    if failures:
        out.append("")
        out.append("## Failures" if md else "FAILURES")
        for case in failures:
            run = case.failure
            assert run is not None
            tail = "\n".join(run.stderr.strip().splitlines()[-15:]) or "(no stderr)"
            out.append(f"{case.label}: {case.status} after {run.seconds:.1f} s\n  $ {' '.join(case.argv)}")
            out.append("\n".join("    " + line for line in tail.splitlines()))
    if "error" in word:
        out.append(f"word_diff failed:\n{word['error']}")
    if "error" in parse:
        out.append(f"the cold parse failed:\n{parse['error']}")
    elapsed = time.perf_counter() - began
    note = f"sizes {', '.join(f'{n:,}' for n in sizes)}; seed {args.seed}; {elapsed:.0f} s in all"
    if args.quick:
        note += "; QUICK run: the 1,000 / 4,000 / 10,000-version targets are checked on smaller sizes"
    if load_before > 0.5 * (os.cpu_count() or 1):  # after the start our own runs keep one core busy
        note += f"; the machine was busy (load {load_before:.1f} on {os.cpu_count()} cores): timings are noisy"
    out.append("")
    out.append(f"_{note}_" if md else note)
    print("\n".join(out))

    if args.json:
        payload = {
            "machine": dict(facts),
            "cases": [
                {
                    "key": c.key,
                    "label": c.label,
                    "status": c.status,
                    "times": c.times,
                    "cpu": [r.cpu for r in c.runs],
                    "median": c.median,
                    "wall": c.wall,
                    "peak_mb": c.peak_mb,
                }
                for c in cases
            ],
            "word_diff": word,
            "parse": parse,
            "targets": [t.__dict__ for t in results],
            "seconds": elapsed,
        }
        args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    return 0 if all(t.result != "FAIL" for t in results) else 1


if __name__ == "__main__":
    sys.exit(main())
