"""netsh: Linux virtual-networking tutorials as executable, verified, safe scenarios."""

__version__ = "0.1.0"
