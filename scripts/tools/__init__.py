"""Tools around the build, not part of it: quality and benchmark checks, the presenting kit, contributor tools."""
