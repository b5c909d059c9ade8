"""What a run of `drafts` leaves out: at its start, what nothing needs yet; at its end, the teardown.

typer imports its shell-completion module (and with it shellingham and the completion scripts)
on every start, for the --install-completion options that drafts does not add: a few
milliseconds of every command. `defer_typer_completion` puts a stand-in in its place; the real
module is imported the first time any of its names is used, so completion still answers when
a shell asks for it.

At the end, `leave` flushes the output and exits without tearing the interpreter down (freeing
every object and module one by one: 10-20 ms of a short command, measured), when nothing is
registered to run at exit. Anything unusual (a flush that fails, a code that is not a number)
goes the interpreter's own way, so what a user sees and the exit code are unchanged.
"""

from __future__ import annotations

import atexit
import os
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


def leave(code: object) -> None:
    """Exit now with `code`, output flushed; return instead when the normal exit is needed."""
    if code is None:
        code = 0
    if type(code) is not int or getattr(atexit, "_ncallbacks", lambda: 1)():
        return
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:
                stream.flush()
    except Exception:  # a closed or broken stream: the interpreter's exit reports it as it always has
        return
    os._exit(code)
