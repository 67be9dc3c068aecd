"""The build pipeline, engine-free: data file -> loader -> model -> renderers -> (engine adapter) -> pages.

Today this package holds only what runs after an engine has written the pages (postbuild.py); the
loader, model and renderers join it in the re-layout the README's map describes.
"""
