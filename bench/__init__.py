"""`make bench`: the project's figures, printed and written to bench/results.json.

Benchmarks are not tests: nothing here fails because a machine is slow. Each figure carries its
target and whether this run met it.
"""
