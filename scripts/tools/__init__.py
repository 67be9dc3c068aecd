"""Tools around the build, not part of it: quality and benchmark checks, the presenting kit, contributor tools.

Today only bench/engines.py lives here; the other tools join it in the re-layout the README's map describes.
"""
