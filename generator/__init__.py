"""Partnership Watch: validates analyses written in YAML and renders them as Markdown for MkDocs."""
