"""The planted rule that decides whether a generated closed deal was won or lost.

A closed deal's outcome is drawn from graph signals **as they stood before its close date**,
read exactly as ``graph.likelihood.features`` reads a point-in-time graph (a job, an advocacy
or a KNOWS without a date has always existed; a job without an end still holds):

* ``touches``: interactions (either direction, any kind) between the deal's owner and people
  who work at the account on the close date, dated before the close date;
* ``knows``: the owner has a KNOWS tie, begun before the close date, to someone who works at
  the account on the close date;
* ``advocate``: one of our advocates (advocacy begun before the close date) works at the
  account on the close date.

A deal without an owner has no owner signals (``touches`` 0, ``knows`` false). Then::

    logit P(won) = WIN_INTERCEPT
                 + WIN_PER_LOG_TOUCH * log1p(touches)
                 + WIN_IF_KNOWS      * knows
                 + WIN_IF_ADVOCATE   * advocate

with the coefficients below: a deal with no relationship at all is won about one time in six,
one whose owner knows and has talked to the account a few times about half the time, and one
with an advocate inside too far more often. Nothing else moves the outcome (the amount, the
deal's age and its name are independent of it), so a model that sees these signals should
rank won deals above lost ones, and one that does not should not.

:class:`Evidence` is what the writers record while they draw the other files (they draw no
extra random numbers for it, so those files are the same as without the rule); the rule is
vectorised with pandas joins, keyed by (owner, company) or company, never by person pairs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pandas as pd

from .sampling import F64, I64

Bool = npt.NDArray[np.bool_]

WIN_INTERCEPT = -1.6
WIN_PER_LOG_TOUCH = 0.6
WIN_IF_KNOWS = 0.8
WIN_IF_ADVOCATE = 1.6

#: A date not given: before every close date (starts, since) or after every one (ends).
ALWAYS = -(2**40)
NEVER_ENDS = 2**40


def _empty() -> I64:
    return np.zeros(0, dtype=np.int64)


@dataclass(slots=True)
class Evidence:
    """Graph facts the rule reads, in days since the epoch, person/company indices.

    ``job_*`` every job as the bundle loads it (a current job without an employment row
    comes from ``people.company_id``, with no dates); ``knows_*`` and ``touch_*`` only the
    KNOWS and interactions with a sales rep at one end (deal owners are reps): ``*_rep`` the
    rep, ``*_other`` the other end (an interaction between two reps is kept once per rep, a
    KNOWS between two reps once: both work at our company, never a deal's account).
    """

    job_person: I64 = field(default_factory=_empty)
    job_company: I64 = field(default_factory=_empty)
    job_start: I64 = field(default_factory=_empty)
    job_end: I64 = field(default_factory=_empty)
    advocate_person: I64 = field(default_factory=_empty)
    advocate_since: I64 = field(default_factory=_empty)
    knows_rep: I64 = field(default_factory=_empty)
    knows_other: I64 = field(default_factory=_empty)
    knows_since: I64 = field(default_factory=_empty)
    touch_rep: I64 = field(default_factory=_empty)
    touch_other: I64 = field(default_factory=_empty)
    touch_day: I64 = field(default_factory=_empty)


@dataclass(frozen=True, slots=True)
class DealSignals:
    """Per deal: the rule's inputs."""

    touches: I64
    knows: Bool
    advocate: Bool


def deal_signals(evidence: Evidence, owner: I64, company: I64, close_day: I64) -> DealSignals:
    """The rule's inputs for deals (``owner`` -1 = none), each at its ``close_day``."""
    d = len(owner)
    deals = pd.DataFrame(
        {"deal": np.arange(d), "owner": owner, "company": company, "close": close_day}
    )
    jobs = pd.DataFrame(
        {
            "person": evidence.job_person,
            "company": evidence.job_company,
            "start": evidence.job_start,
            "end": evidence.job_end,
        }
    )

    def at_account(frame: pd.DataFrame, keys: list[str], when: str) -> pd.Series:
        """Rows of ``frame`` (person column ``other``, a date ``when``) that joined to a job
        at the deal's account held on its close date, and dated before it: deal -> count."""
        rows = frame.merge(jobs, left_on="other", right_on="person").merge(deals, on=keys)
        close = rows["close"]
        ok = (rows[when] < close) & (rows["start"] < close) & (rows["end"] >= close)
        counts = rows.loc[ok, "deal"].value_counts()
        return counts.reindex(range(d), fill_value=0)

    touch = pd.DataFrame(
        {"owner": evidence.touch_rep, "other": evidence.touch_other, "day": evidence.touch_day}
    )
    knows = pd.DataFrame(
        {"owner": evidence.knows_rep, "other": evidence.knows_other, "since": evidence.knows_since}
    )
    # an advocate for several companies is one advocate, since their earliest advocacy
    advocates = (
        pd.DataFrame({"other": evidence.advocate_person, "since": evidence.advocate_since})
        .groupby("other")["since"]
        .min()
        .reset_index()
    )
    return DealSignals(
        touches=at_account(touch, ["owner", "company"], "day").to_numpy(np.int64),
        knows=at_account(knows, ["owner", "company"], "since").to_numpy() > 0,
        advocate=at_account(advocates, ["company"], "since").to_numpy() > 0,
    )


def win_probability(signals: DealSignals) -> F64:
    """P(won) of each closed deal under the planted rule (module docstring)."""
    logit = (
        WIN_INTERCEPT
        + WIN_PER_LOG_TOUCH * np.log1p(signals.touches)
        + WIN_IF_KNOWS * signals.knows
        + WIN_IF_ADVOCATE * signals.advocate
    )
    return np.asarray(1.0 / (1.0 + np.exp(-logit)), dtype=np.float64)
