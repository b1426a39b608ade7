"""Why a reachability claim came out as it did: where its packets went and where they stopped.

`evidence.py` is the typed value a verdict carries; `trace.py` is nftables tracing
in a table netsh owns; `observe.py` reads routes, counters and neighbours around a
probe; `judge.py` turns those observations into one located reason; `watch.py`
runs all of it around a group of pings. Claims know nothing of this: the runner
asks a `Watch` to look on while their probes run.
"""
