"""Generated workloads shared by the tests and the benchmarks: realistic cups for the
scheduler (`cups`) and the events of tournaments (`factories`). Nothing in production imports
them (an import contract in pyproject.toml says so)."""
