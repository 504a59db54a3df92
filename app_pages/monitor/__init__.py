"""Seguimiento / Monitor: a running pilot read day by day against its sequential plan."""
