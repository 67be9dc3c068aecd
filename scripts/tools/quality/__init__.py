"""Quality checks around the build: audits, link check, dependency audit, the built pages and the static server they use."""
