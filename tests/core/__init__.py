"""Tests of the platform-neutral core, the console adapter and the CLI."""
