"""The bundle's programs as files of the package: complete, with placeholder data, checked as
they are by ruff, mypy and shellcheck. `pkispec.render.program` fills in a spec's data."""
