"""What every benchmark shares: its own database, timing and CPU accounting, reports.

- `environment`: point Django at a database the benchmark may wipe;
- `measure`: variants timed taking turns (wall and CPU time), SQL captured;
- `report`: the machine and versions beside the figures, JSON into var/bench/;
- `seed`: the story archive the list and render benchmarks read.
"""
