"""Ctrl-C and SIGTERM are held back during a block and take effect right after it."""

import os
import signal

import pytest

from netsh.interrupts import deferred


def test_a_ctrl_c_inside_the_block_lets_it_finish_then_raises():
    finished = []
    with pytest.raises(KeyboardInterrupt):
        with deferred():
            os.kill(os.getpid(), signal.SIGINT)
            finished.append(True)  # still runs: the signal only takes note
    assert finished == [True]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler, "the old handler is back"


def test_sigterm_goes_to_the_handler_that_was_there():
    class Terminated(BaseException):
        pass

    def raise_terminated(signum, frame):
        raise Terminated()

    old = signal.signal(signal.SIGTERM, raise_terminated)
    try:
        with pytest.raises(Terminated):
            with deferred():
                os.kill(os.getpid(), signal.SIGTERM)
        assert signal.getsignal(signal.SIGTERM) is raise_terminated
    finally:
        signal.signal(signal.SIGTERM, old)


def test_without_a_signal_the_block_runs_and_the_handlers_come_back():
    before = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    ran = []
    with deferred():
        ran.append(signal.getsignal(signal.SIGINT) is not before[signal.SIGINT])
    assert ran == [True], "inside the block a Ctrl-C is only noted"
    assert {s: signal.getsignal(s) for s in before} == before


def test_in_another_thread_the_block_runs_untouched():
    import threading

    seen = []

    def worker():
        with deferred():
            seen.append(signal.getsignal(signal.SIGINT))

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert seen == [signal.default_int_handler], "only the main thread swaps handlers"
