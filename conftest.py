"""Root pytest configuration: files that are not importable as plain modules."""

collect_ignore_glob = ["rollout/migrations/*", "benchmarks/*", "examples/*"]
