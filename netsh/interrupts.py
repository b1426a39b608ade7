"""Holding Ctrl-C and SIGTERM back while a change and its record must stay together.

Blocking the signals with a mask is not enough in Python: a signal may land on
another thread (plumbum's timeout thread) and the main thread still raises.
So the handlers themselves are swapped for ones that only take note; on leaving,
the old handlers are restored and a noted signal is delivered to them.
"""

from __future__ import annotations

import contextlib
import signal
import threading

SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextlib.contextmanager
def deferred():
    """Run the block to its end; a Ctrl-C or SIGTERM that arrives meanwhile takes effect after it."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread receives Python signals; nothing to hold back
        return
    noted: list[int] = []
    previous = {s: signal.signal(s, lambda signum, _frame: noted.append(signum)) for s in SIGNALS}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, signal.SIG_DFL if handler is None else handler)
        if noted:
            _deliver(noted[0], previous[noted[0]])


def _deliver(signum: int, handler) -> None:
    if callable(handler):
        handler(signum, None)  # raises KeyboardInterrupt, or the CLI's Terminated
    elif handler == signal.SIG_DFL:
        signal.raise_signal(signum)
