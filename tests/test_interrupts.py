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


def test_nothing_happens_without_a_signal():
    with deferred():
        pass
