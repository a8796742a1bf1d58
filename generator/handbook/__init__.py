"""The handbook: method cards, page front-matter, the D4xx lint and translation stamps."""
