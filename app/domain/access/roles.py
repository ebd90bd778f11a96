"""Who may do what: the roles of the centre's staff and the one table of their permissions."""

from __future__ import annotations

from collections.abc import Collection
from enum import StrEnum

from app.domain.text import N_


class Role(StrEnum):
    ADMIN = "admin"
    RECEPTION = "reception"
    CONSULTANT = "consultant"
    OFFICIAL = "official"  # receives visitors in a cabinet (personal reception)
    SELF_SERVICE = "self_service"  # the self-service assistant
    MODERATOR = "moderator"  # the hall moderator
    ANALYST = "analyst"  # read-only
    VOLUNTEER = "volunteer"  # self-service help and the telephone survey only (001 p.11)


class Permission(StrEnum):
    READ = "read"  # tickets, the board
    ISSUE = "issue"  # issue a ticket on a visitor's behalf
    SERVE = "serve"  # call, recall, start, finish, no-show, return — at one's own workplace
    MANAGE = "manage"  # transfer or cancel any ticket
    ADMIN = "admin"  # staff accounts and devices
    REPORT = "report"  # the centre's statistics and reports (000 p.40)
    SUPERVISE = "supervise"  # the live view of the hall and its workplaces
    SURVEY = "survey"  # draw and call the selective telephone survey (000 p.38)
    ASSIST = "assist"  # record the self-service zone's assistance (001 p.11)


_SERVERS = frozenset({Role.ADMIN, Role.CONSULTANT, Role.OFFICIAL, Role.SELF_SERVICE})

# The whole policy in one place. Servers also transfer and cancel the ticket at their own
# workplace (see app/domain/access/rules.py): that needs SERVE plus the ticket being theirs,
# not MANAGE.
HOLDERS: dict[Permission, frozenset[Role]] = {
    # Volunteers consult in the self-service zone and run the survey, nothing else (001 p.11).
    Permission.READ: frozenset(Role) - {Role.VOLUNTEER},
    Permission.ISSUE: frozenset({Role.ADMIN, Role.RECEPTION}),
    Permission.SERVE: _SERVERS,
    Permission.MANAGE: frozenset({Role.ADMIN, Role.RECEPTION, Role.MODERATOR}),
    Permission.ADMIN: frozenset({Role.ADMIN}),
    Permission.REPORT: frozenset({Role.ADMIN, Role.ANALYST}),
    Permission.SUPERVISE: frozenset({Role.ADMIN, Role.MODERATOR}),
    Permission.SURVEY: frozenset({Role.ADMIN, Role.VOLUNTEER}),
    Permission.ASSIST: frozenset({Role.ADMIN, Role.SELF_SERVICE, Role.VOLUNTEER}),
}

# Roles whose work happens at a workplace or cabinet, and the zone it serves: signing in (a
# session or an API token alike) insists on one of that zone's workplaces, and on no other.
SERVED_ZONES: dict[Role, str] = {
    Role.CONSULTANT: "consultation",
    Role.OFFICIAL: "personal_reception",  # the cabinets (001 p.15)
    Role.SELF_SERVICE: "self_service",
}
WORKPLACE_ROLES = frozenset(SERVED_ZONES)

ROLE_LABELS: dict[Role, str] = {
    Role.ADMIN: N_("Administrator"),
    Role.RECEPTION: N_("Reception"),
    Role.CONSULTANT: N_("Consultant"),
    Role.OFFICIAL: N_("Official"),
    Role.SELF_SERVICE: N_("Self-service assistant"),
    Role.MODERATOR: N_("Hall moderator"),
    Role.ANALYST: N_("Analyst"),
    Role.VOLUNTEER: N_("Volunteer"),
}


def can(role: Role, permission: Permission) -> bool:
    return role in HOLDERS[permission]


def permissions_of(role: Role) -> frozenset[Permission]:
    return frozenset(p for p, roles in HOLDERS.items() if role in roles)


def may_work_at(role: Role, zones: Collection[str]) -> bool:
    """Whether `role` may sign in at a workplace serving `zones`: the administrator anywhere,
    a role of SERVED_ZONES at a workplace of its zone, every other role at none."""
    if role is Role.ADMIN:
        return True
    zone = SERVED_ZONES.get(role)
    return zone is not None and zone in zones
