"""What Daya's program templates run inside Cookiecutter: their hooks and Jinja filters."""
