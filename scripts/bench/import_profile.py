"""`--importtime`: where a function's cold start spends its imports (python -X importtime)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from scripts.bench.cold_start import Sampler, Subject
from scripts.bench.errors import BenchError


@dataclass(frozen=True)
class ImportTime:
    module: str
    self_us: int
    cumulative_us: int

    @property
    def package(self) -> str:
        return self.module.split(".")[0]


def parse_importtime(stderr: str) -> list[ImportTime]:
    """The entries of `python -X importtime` output."""
    entries: list[ImportTime] = []
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "imported package" in line:
            continue
        self_us, cumulative_us, module = (part.strip() for part in line.removeprefix("import time:").split("|"))
        entries.append(ImportTime(module, int(self_us), int(cumulative_us)))
    return entries


def format_import_profile(name: str, entries: Sequence[ImportTime], top: int = 25) -> str:
    """Self time per top-level package, then the modules of largest cumulative time."""
    by_package: dict[str, int] = {}
    for entry in entries:
        by_package[entry.package] = by_package.get(entry.package, 0) + entry.self_us
    lines = [f"Import profile of {name} (python -X importtime, same isolated setup)", "self ms  package"]
    for package, self_us in sorted(by_package.items(), key=lambda item: -item[1])[:top]:
        lines.append(f"{self_us / 1000:>7.1f}  {package}")
    lines += ["", "cumulative ms  self ms  module"]
    for entry in sorted(entries, key=lambda item: -item.cumulative_us)[:top]:
        lines.append(f"{entry.cumulative_us / 1000:>13.1f}  {entry.self_us / 1000:>7.1f}  {entry.module}")
    return "\n".join(lines)


def profile_imports(sampler: Sampler, subjects: Sequence[Subject]) -> None:
    """Print the import profile of each subject's cold start (imports done by the first call included)."""
    profiler = Sampler(sampler.python, sampler.paths, ("-X", "importtime"))
    for subject in subjects:
        finished = profiler.run(subject.code_dir, subject.events[0], subject.env)
        if finished.returncode != 0:
            raise BenchError(f"import profile of {subject.function.name} failed:\n{finished.stderr}")
        print(format_import_profile(subject.function.name, parse_importtime(finished.stderr)))
        print()
