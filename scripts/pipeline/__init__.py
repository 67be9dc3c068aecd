"""The build pipeline, engine-free: data file -> loader -> model -> renderers -> (engine adapter) -> pages.

loader.py reads and checks the data file into model.py's objects; render/ turns them into HTML; pages.py,
evidence.py, pagecheck.py and htmlscan.py check the pages; postbuild.py runs after an engine wrote them.
"""
