"""The presenting kit: the PDFs (slides, handout, worksheet) and the offline copy of the site."""
