"""Tests of the adapter toolkit both platforms share (adapters/utf16.py, waiting.py, apology.py)."""
