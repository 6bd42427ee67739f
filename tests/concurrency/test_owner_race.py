"""Two owners demote each other at the same moment, over the API on a live server: one
change goes through and the other is refused, so the project always keeps an owner. The
owners' rows are locked before the count (claims.owners), which orders the two requests."""

from __future__ import annotations

import json
import urllib.request

import pytest

from claims.models import Membership
from claims.projects import add_member
from claims.tokens import rotate_token
from tests.concurrency.conftest import call, needs_postgresql, send_at_once

pytestmark = [needs_postgresql, pytest.mark.django_db(transaction=True)]


def _demote(live_server, token: str, user_id: int):
    def send():
        request = urllib.request.Request(
            f"{live_server.url}/api/v1/projects/iraq/members/{user_id}/",
            data=json.dumps({"role": "annotator"}).encode(),
            headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
            method="PATCH",
        )
        return call(urllib.request.build_opener(), request)

    return send


@pytest.mark.parametrize("round_", range(5))
def test_two_owners_demoting_each_other_at_once_leave_one_owner(
    live_server, project, owen, rita, round_
):
    add_member(project=project, user=rita, role="owner")
    owen_token, rita_token = rotate_token(user=owen), rotate_token(user=rita)
    answers = send_at_once(
        [_demote(live_server, owen_token, rita.pk), _demote(live_server, rita_token, owen.pk)]
    )
    # The one that comes second is refused: 409 if it passed the role check before the
    # first committed, 403 if it came after (its sender is no owner any more).
    statuses = sorted(answer.status for answer in answers)
    owners = Membership.objects.filter(project=project, role="owner")
    assert (statuses[0], statuses[1] in (403, 409), owners.count()) == (200, True, 1)
