"""Contributor tools: validate and build (tool.py), scaffold new entries, find the toolchain (Node, Chromium)."""
