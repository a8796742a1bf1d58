"""Daya: plan-as-code and handbook toolkit for community development programs."""

__version__ = "0.1.0"
