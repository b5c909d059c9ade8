"""What a run of `drafts` leaves out of its start until something needs it.

typer imports its shell-completion module (and with it shellingham and the completion scripts)
on every start, for the --install-completion options that drafts does not add: a few
milliseconds of every command. `defer_typer_completion` puts a stand-in in its place; the real
module is imported the first time any of its names is used, so completion still answers when
a shell asks for it.
"""

from __future__ import annotations

import sys
from importlib import import_module
from types import ModuleType
from typing import Any

_COMPLETION = "typer.completion"


class _DeferredCompletion(ModuleType):
    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # the import system's questions, not a use
            raise AttributeError(name)
        if name == "get_completion_inspect_parameters":  # imported by name when typer starts
            return lambda *args, **kwargs: _real().get_completion_inspect_parameters(*args, **kwargs)
        return getattr(_real(), name)


def _real() -> ModuleType:
    if isinstance(sys.modules.get(_COMPLETION), _DeferredCompletion):
        del sys.modules[_COMPLETION]
    return import_module(_COMPLETION)


def defer_typer_completion() -> None:
    """Before typer is first imported; once it is, this does nothing."""
    if "typer" not in sys.modules:
        sys.modules.setdefault(_COMPLETION, _DeferredCompletion(_COMPLETION))
