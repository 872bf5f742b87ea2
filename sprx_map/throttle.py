"""The brake on guessing passwords (ASVS 2.2.1): counted per account and per client address.

After :data:`LIMIT` wrong passwords with no more than :data:`WINDOW` between one and the next, the next attempt
must wait :data:`FIRST_WAIT`; each further wrong password after a wait doubles it, up to :data:`LONGEST_WAIT`.
While waiting, even the right password is refused. A quiet :data:`WINDOW` forgets the count. Plain functions of a
counter and the time given (no clock is read here), so tests fix the time; the store keeps the counters.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace

LIMIT = 5
WINDOW = dt.timedelta(minutes=15)
FIRST_WAIT = dt.timedelta(minutes=1)
LONGEST_WAIT = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class Counter:
    """Wrong passwords for one account or address: how many, the last when, how many waits so far, until when."""

    failures: int = 0
    last_at: dt.datetime | None = None
    locks: int = 0
    locked_until: dt.datetime | None = None


def waiting(counter: Counter, now: dt.datetime) -> dt.timedelta:
    """How long an attempt made ``now`` must still wait (zero: it may go ahead)."""
    if counter.locked_until is None or counter.locked_until <= now:
        return dt.timedelta(0)
    return counter.locked_until - now


def after_failure(counter: Counter, now: dt.datetime) -> Counter:
    """The counter after a wrong password at ``now`` (a new wait starts when the limit is reached).

    >>> c = Counter()
    >>> t0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    >>> for i in range(5): c = after_failure(c, t0)
    >>> waiting(c, t0)
    datetime.timedelta(seconds=60)
    """
    if counter.last_at is None or now - counter.last_at > WINDOW:
        counter = Counter()
    failures = counter.failures + 1
    if failures < LIMIT:
        return replace(counter, failures=failures, last_at=now)
    locks = counter.locks + 1
    wait = min(FIRST_WAIT * 2 ** (locks - 1), LONGEST_WAIT)
    return Counter(failures, now, locks, now + wait)


def minutes(wait: dt.timedelta) -> int:
    """A wait as whole minutes, rounded up (what a person is told to wait)."""
    return max(1, math.ceil(wait.total_seconds() / 60))
