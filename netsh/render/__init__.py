"""Consumers of a scenario's steps: transcript, JSON report, bash script."""
