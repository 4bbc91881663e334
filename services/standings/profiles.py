"""Rule profiles: how a competition turns results into an order, written as data.

A profile names its points, its goal cap and an ordered list of criteria. Each criterion names
a *measure* (see `tiebreakers.MEASURES`) and says whether it is computed over all group games
or only over the games among the tied teams ("mutual"). Two switches describe what happens
after a criterion separates some of the tied teams:

- `restart_on_split` (Alliance Cup): the teams still level start again from the first
  criterion, so head-to-head may apply to the last two of a three-way tie.
- `reapply_mutual` (UEFA): at the end of the head-to-head block, teams still level among a
  larger tie play the block again over their own mutual games only; then the procedure
  carries on.
Neither (FIFA): the "teams concerned" are fixed once and every criterion is applied in turn.

A criterion with `decision` set cannot be computed (kicks from the penalty mark, drawing of
lots, an outside ranking): the tie waits for a `TiebreakDecided` event of that method and is
reported as unresolved until one arrives.

Sources:
- Alliance Cup Rules 2020, "Finalists" section: points 3/1/0; 1 head-to-head (not for more
  than two teams); 2 goal differential to a maximum of four per game; 3 most goals scored to a
  maximum of four per game; 4 least goals allowed to a maximum of four per game; 5 shutouts;
  6 FIFA penalty kicks; restart from the top once a multi-team tie is broken.
- Regulations for the FIFA World Cup Russia 2018, art. 32.5 (the Qatar 2022 regulations keep
  the same order): a) points, b) goal difference, c) goals scored in all group matches; then among
  the teams concerned d) points, e) goal difference, f) goals scored in their group matches;
  g) fair-play points (first yellow -1, indirect red -3, direct red -4, yellow and direct red
  -5, one deduction per player per match); h) drawing of lots. Head-to-head is not reapplied.
- Regulations of the UEFA European Football Championship 2022-24, art. 20.01 (EURO 2016,
  art. 18.01, and EURO 2020 have the same order without "wins"): a) points, b) goal
  difference, c) goals scored in the matches among the teams in question; d) a) to c)
  reapplied to the teams still level; e) goal difference and f) goals scored in all group
  matches; g) wins; h) kicks from the penalty mark when exactly two teams level on points and
  goals meet in the last round and draw; i) fewest disciplinary points (yellow 1, red after two
  yellows 3, direct red 3, yellow then direct red 4); j) European Qualifiers overall ranking,
  which the engine cannot derive: it is a `TiebreakDecided` of method "ranking".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Applies = Literal["always", "two_teams", "two_drawn_last_round"]
Method = Literal["kicks", "lots", "ranking"]


class UnknownRuleProfile(LookupError):
    """A division names a rule profile that does not exist."""

    def __init__(self, profile_id: str) -> None:
        self.profile_id = profile_id
        super().__init__(
            f"rules: unknown rule profile {profile_id!r}; known: {', '.join(sorted(PROFILES))}"
        )


@dataclass(frozen=True)
class Criterion:
    """One step of a tie-breaking procedure."""

    label: str
    """What `decided_by` says when this criterion places a team."""
    measure: str = ""
    """Key of `tiebreakers.MEASURES`; higher is better. Empty for a decision criterion."""
    mutual: bool = False
    """Computed only over the games among the tied teams."""
    applies: Applies = "always"
    decision: Method | None = None


@dataclass(frozen=True)
class FairPlay:
    """Points per card, per player and match (higher is better, so deductions are negative).

    `yellow` is a caution not followed by a second one, `yellow_red` a send-off for a second
    caution, `red` a direct send-off; a caution followed by a direct red counts in both
    `yellow` and `red`, which reproduces FIFA's -5 and UEFA's 4 points.
    """

    yellow: int
    yellow_red: int
    red: int


@dataclass(frozen=True)
class RuleProfile:
    """Everything that differs between competitions' group-stage rules."""

    profile_id: str
    title: str
    criteria: tuple[Criterion, ...]
    win: int = 3
    draw: int = 1
    loss: int = 0
    goal_cap: int | None = None
    """Goals per game counted in tiebreakers (None: uncapped); tables show real goals."""
    restart_on_split: bool = False
    reapply_mutual: bool = False
    fair_play: FairPlay = FairPlay(yellow=-1, yellow_red=-3, red=-4)


POINTS = Criterion("points", "points")

ALLIANCE_CUP_2020 = RuleProfile(
    profile_id="alliance-cup-2020",
    title="Alliance Cup Rules 2020",
    goal_cap=4,
    restart_on_split=True,
    criteria=(
        POINTS,
        Criterion("head-to-head", "mutual_points", mutual=True, applies="two_teams"),
        Criterion("capped goal difference", "goal_difference"),
        Criterion("capped goals scored", "goals_scored"),
        Criterion("fewest capped goals allowed", "goals_allowed"),
        Criterion("shutouts", "shutouts"),
        Criterion("kicks from the penalty mark", decision="kicks"),
    ),
)

FIFA_WORLD_CUP_2018 = RuleProfile(
    profile_id="fifa-world-cup-2018",
    title="FIFA World Cup 2018/2022 group stage",
    criteria=(
        POINTS,
        Criterion("goal difference", "goal_difference"),
        Criterion("goals scored", "goals_scored"),
        Criterion("head-to-head points", "mutual_points", mutual=True),
        Criterion("head-to-head goal difference", "mutual_goal_difference", mutual=True),
        Criterion("head-to-head goals scored", "mutual_goals_scored", mutual=True),
        Criterion("fair-play points", "fair_play"),
        Criterion("drawing of lots", decision="lots"),
    ),
    fair_play=FairPlay(yellow=-1, yellow_red=-3, red=-4),
)

UEFA_EURO_2024 = RuleProfile(
    profile_id="uefa-euro-2024",
    title="UEFA EURO 2024 group stage",
    reapply_mutual=True,
    criteria=(
        POINTS,
        Criterion("head-to-head points", "mutual_points", mutual=True),
        Criterion("head-to-head goal difference", "mutual_goal_difference", mutual=True),
        Criterion("head-to-head goals scored", "mutual_goals_scored", mutual=True),
        Criterion("goal difference", "goal_difference"),
        Criterion("goals scored", "goals_scored"),
        Criterion("wins", "wins"),
        Criterion(
            "kicks from the penalty mark (last round)",
            applies="two_drawn_last_round",
            decision="kicks",
        ),
        Criterion("disciplinary points", "fair_play"),
        Criterion("European Qualifiers overall ranking", decision="ranking"),
    ),
    fair_play=FairPlay(yellow=-1, yellow_red=-3, red=-3),
)

PROFILES: dict[str, RuleProfile] = {
    profile.profile_id: profile
    for profile in (ALLIANCE_CUP_2020, FIFA_WORLD_CUP_2018, UEFA_EURO_2024)
}
DEFAULT_PROFILE = ALLIANCE_CUP_2020.profile_id


def profile(profile_id: str) -> RuleProfile:
    """The profile with this id, or UnknownRuleProfile naming the known ones."""
    try:
        return PROFILES[profile_id]
    except KeyError:
        raise UnknownRuleProfile(profile_id) from None
