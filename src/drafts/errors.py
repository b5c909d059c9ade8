"""Problems users can act on: each names where it is (file, line, column) and what to do."""

from __future__ import annotations

from typing import Literal, NamedTuple

Severity = Literal["error", "warning"]


class Problem(NamedTuple):
    message: str
    file: str | None = None
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    hint: str | None = None
    detail: str | None = None  # extra lines, e.g. the closest passage of an archive
    severity: Severity = "error"

    @property
    def where(self) -> str:
        if self.file is None:
            return ""
        if self.line is None:
            return self.file
        if self.column is None:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.column}"


class DraftsError(Exception):
    """Base of every error the library raises on purpose; `exit_code` is what the CLI returns."""

    exit_code = 1

    def __init__(self, problems: list[Problem] | Problem) -> None:
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("; ".join(p.message for p in self.problems))

    @classmethod
    def at(
        cls,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
        hint: str | None = None,
        detail: str | None = None,
    ) -> DraftsError:
        return cls(Problem(message, file, line, column, hint, detail))

    @property
    def problem(self) -> Problem:
        return self.problems[0]


class DataError(DraftsError):
    """The data has problems: invalid files, unverifiable quotes, a file that would be overwritten."""


class UsageError(DraftsError):
    """The command line asked for something that does not exist: a version, a term, a file."""

    exit_code = 2
