"""Doctors who went through it: anonymous, moderated outcome reports and their aggregates.

A doctor reports, without an account, how long a path took them (in whole months, per step and in
total), what they paid and how it ended. Reviewers approve, edit or reject each report in the admin.
Only aggregates of at least ``MIN_REPORTS`` approved reports are ever shown or exchanged
(``OutcomeAggregate``, recomputed whenever a report is moderated); fewer reports show no numbers.
"""

MIN_REPORTS = 3
