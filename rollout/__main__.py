"""Command line of the registry: ``python -m rollout verify-audit [--url URL]``, ``audit-role-sql``.

``verify-audit`` opens the registry read-only, walks the whole audit chain and prints the rows checked,
the head hash (keep it: deleting the newest rows leaves a shorter chain that still verifies) and every
break; it exits with 1 on a break, 2 when the registry cannot be opened.
``audit-role-sql`` prints the PostgreSQL statements for an application role that can add audit rows but
never UPDATE, DELETE or TRUNCATE them.
"""

from __future__ import annotations

import argparse
import sys

from planner_common import InputError

POSTGRES_AUDIT_ROLE_SQL = """\
-- Run as the database owner, in the registry's database (here campaign_planner).
-- The app connects as campaign_planner_app (its URL goes in CAMPAIGN_PLANNER_DB_URL).
-- Migrations run as the owner: open the registry once with the owner's URL after each upgrade.
CREATE ROLE campaign_planner_app LOGIN PASSWORD 'change-me';
GRANT CONNECT ON DATABASE campaign_planner TO campaign_planner_app;
GRANT USAGE ON SCHEMA public TO campaign_planner_app;
GRANT SELECT ON alembic_version TO campaign_planner_app;
GRANT SELECT, INSERT, UPDATE ON campaigns, users TO campaign_planner_app;
GRANT SELECT, INSERT ON audit_events TO campaign_planner_app;          -- no UPDATE, DELETE, TRUNCATE
GRANT SELECT, INSERT ON campaign_segments TO campaign_planner_app;     -- tiers per content, append-only
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM campaign_planner_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO campaign_planner_app;
"""


def _verify(url: str | None) -> int:
    from rollout.registry import Registry

    try:
        report = Registry(url, read_only=True).verify_audit()
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"audit rows checked: {report.rows}")
    print(f"head hash: {report.head}")
    for found in report.breaks:
        where = f"campaign {found.campaign_id}" if found.campaign_id is not None else "accounts"
        print(f"BREAK at row {found.row_id} ({where}): {found.problem} – {found.detail}")
    print("chain verifies" if report.ok else f"{len(report.breaks)} break(s) found")
    return 0 if report.ok else 1


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = argparse.ArgumentParser(prog="python -m rollout", description="Campaign registry tools.")
    commands = parser.add_subparsers(dest="command", required=True)
    verify = commands.add_parser("verify-audit", help="check the audit trail's hash chain")
    verify.add_argument("--url", help="SQLAlchemy URL (default: $CAMPAIGN_PLANNER_DB_URL or the local file)")
    commands.add_parser(
        "audit-role-sql", help="print the PostgreSQL role without UPDATE/DELETE on audit rows"
    )
    args = parser.parse_args(argv)
    if args.command == "audit-role-sql":
        print(POSTGRES_AUDIT_ROLE_SQL, end="")
        return 0
    return _verify(args.url)


if __name__ == "__main__":
    sys.exit(main())
