"""The matrix's tables (see tests/route_matrix.py) for what follows the year: the alumni pages,
follow-up training, and grants with their review and staff pages."""

ALUMNI = """
                                         anon plai appl trai outs ment men2 alum memb mem2 staf admn supv
GET  /alumni/                            in   403  403  403  403  403  403  200  403  403  200  200  403
GET  /alumni/directory                   in   403  403  403  403  403  403  200  403  403  200  200  403
GET  /alumni/people/{alumna}             in   403  403  403  403  403  403  200  403  403  200  200  403
GET  /alumni/people/{alumna2}            in   403  403  403  403  403  403  404  403  403  200  200  403
GET  /alumni/people/{plain}              in   403  403  403  403  403  403  404  403  403  404  404  403
GET  /alumni/profile                     in   403  403  403  403  403  403  200  403  403  403  403  403
POST /alumni/profile                     in   403  403  403  403  403  403  302  403  403  403  403  403
GET  /alumni/reports                     in   403  403  403  403  403  403  200  403  403  200  200  403
GET  /alumni/reports/mine                in   403  403  403  403  403  403  200  403  403  403  403  403
GET  /alumni/reports/{published}         in   403  403  403  403  403  403  200  403  403  200  200  403
GET  /alumni/reports/{draft}             in   403  403  403  403  403  403  200  403  403  404  404  403
GET  /alumni/reports/{sent}              in   403  403  403  403  403  403  404  403  403  200  200  403
GET  /alumni/reports/{other_draft}       in   403  403  403  403  403  403  404  403  403  404  404  403
GET  /alumni/reports/new                 in   403  403  403  403  403  403  200  403  403  403  403  403
POST /alumni/reports/new                 in   403  403  403  403  403  403  200  403  403  403  403  403
GET  /alumni/reports/{draft}/edit        in   403  403  403  403  403  403  200  403  403  403  403  403
GET  /alumni/reports/{other_draft}/edit  in   403  403  403  403  403  403  404  403  403  403  403  403
GET  /alumni/reports/{published}/edit    in   403  403  403  403  403  403  err  403  403  403  403  403
POST /alumni/reports/{draft}/edit        in   403  403  403  403  403  403  200  403  403  403  403  403
GET  /alumni/pictures/{published_picture}
                                         in   403  403  403  403  403  403  200  403  403  200  200  403
GET  /alumni/pictures/{draft_picture}    in   403  403  403  403  403  403  200  403  403  404  404  403
GET  /alumni/pictures/{sent_picture}     in   403  403  403  403  403  403  404  403  403  200  200  403
GET  /alumni/pictures/{other_draft_picture}
                                         in   403  403  403  403  403  403  404  403  403  404  404  403
GET  /alumni/review                      in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /alumni/reports/{sent}/review       in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /alumni/reports/{draft}/review      in   403  403  403  403  403  403  403  403  403  404  404  403
POST /alumni/reports/{sent}/review       in   403  403  403  403  403  403  403  403  403  400  400  403
"""


FOLLOWUP = """
                                         anon plai appl trai outs ment men2 alum memb mem2 staf admn supv
GET  /follow-up                          in   403  403  403  403  403  403  200  403  403  200  200  403
GET  /follow-up/applications             in   403  403  403  403  403  403  200  403  403  403  403  403
GET  /follow-up/{follow_up}/apply        in   403  403  403  403  403  403  200  403  403  403  403  403
GET  /follow-up/{applied_follow_up}/apply
                                         in   403  403  403  403  403  403  302  403  403  403  403  403
GET  /follow-up/{cohort}/apply           in   403  403  403  403  403  403  404  403  403  403  403  403
POST /follow-up/{follow_up}/apply        in   403  403  403  403  403  403  200  403  403  403  403  403
POST /follow-up/applications/{other_follow_up_application}/withdraw
                                         in   404  404  404  404  404  404  404  404  404  404  404  404
POST /follow-up/applications/{follow_up_application}/withdraw
                                         in   404  404  404  404  404  404  302  404  404  404  404  404
GET  /follow-up/cohorts                  in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /follow-up/cohorts/{follow_up}/call in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /follow-up/cohorts/{cohort}/call    in   403  403  403  403  403  403  403  403  403  404  404  403
POST /follow-up/cohorts/{follow_up}/call in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /follow-up/cohorts/{follow_up}/applications
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
POST /follow-up/cohorts/{follow_up}/applications
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
POST /follow-up/cohorts/{follow_up}/waitlist
                                         in   403  403  403  403  403  403  403  403  403  302  302  403
POST /follow-up/cohorts/{follow_up}/call/close
                                         in   403  403  403  403  403  403  403  403  403  302  302  403
"""


GRANTS = """
                                         anon plai appl trai outs ment men2 alum memb mem2 staf admn supv
GET  /grants/                            in   200  200  200  200  200  200  200  200  200  200  200  200
GET  /grants/mine                        in   200  200  200  200  200  200  200  200  200  200  200  200
GET  /grants/rounds/{round}/guide        in   200  200  200  200  200  200  200  200  200  200  200  200
POST /grants/rounds/{round}/apply        in   403  403  403  403  403  403  302  403  403  403  403  403
GET  /grants/applications/{grant}        in   404  404  404  404  404  404  200  404  404  404  404  404
GET  /grants/applications/{other_grant}  in   404  404  404  404  404  404  404  404  404  404  404  404
GET  /grants/applications/{grant_draft}/edit
                                         in   404  404  404  404  404  404  200  404  404  404  404  404
GET  /grants/applications/{other_grant}/edit
                                         in   404  404  404  404  404  404  404  404  404  404  404  404
GET  /grants/applications/{grant}/edit   in   404  404  404  404  404  404  err  404  404  404  404  404
POST /grants/applications/{grant_draft}/edit
                                         in   404  404  404  404  404  404  302  404  404  404  404  404
POST /grants/applications/{grant_draft}/autosave
                                         in   404  404  404  404  404  404  200  404  404  404  404  404
POST /grants/applications/{other_grant}/autosave
                                         in   404  404  404  404  404  404  404  404  404  404  404  404
POST /grants/applications/{other_grant}/withdraw
                                         in   404  404  404  404  404  404  404  404  404  404  404  404
POST /grants/applications/{grant_draft}/withdraw
                                         in   404  404  404  404  404  404  302  404  404  404  404  404
POST /grants/applications/{grant}/accept-terms
                                         in   404  404  404  404  404  404  err  404  404  404  404  404
POST /grants/applications/{other_grant}/accept-terms
                                         in   404  404  404  404  404  404  404  404  404  404  404  404
GET  /grants/applications/{grant}/reports/progress
                                         in   404  404  404  404  404  404  200  404  404  404  404  404
GET  /grants/applications/{other_grant}/reports/progress
                                         in   404  404  404  404  404  404  404  404  404  404  404  404
POST /grants/applications/{grant}/reports/progress
                                         in   404  404  404  404  404  404  302  404  404  404  404  404
GET  /grants/applications/{grant}/reports/progress/attachments/{grant_attachment}
                                         in   404  404  404  404  404  404  200  404  404  404  404  404
GET  /grants/applications/{other_grant}/reports/progress/attachments/{grant_attachment}
                                         in   404  404  404  404  404  404  404  404  404  404  404  404
"""


GRANTS_REVIEW = """
                                         anon plai appl trai outs ment men2 alum memb mem2 staf admn supv
GET  /grants/reviews/                    in   200  200  200  200  200  200  200  200  200  200  200  200
GET  /grants/reviews/{grant_review}      in   404  404  404  404  404  404  404  200  404  404  404  404
GET  /grants/reviews/{other_grant_review}
                                         in   404  404  404  404  404  404  404  404  200  404  404  404
POST /grants/reviews/{grant_review}      in   404  404  404  404  404  404  404  400  404  404  404  404
GET  /grants/reviews/{grant_review}/conflict
                                         in   404  404  404  404  404  404  404  200  404  404  404  404
GET  /grants/reviews/{other_grant_review}/conflict
                                         in   404  404  404  404  404  404  404  404  200  404  404  404
POST /grants/reviews/{grant_review}/conflict
                                         in   404  404  404  404  404  404  404  200  404  404  404  404
"""


GRANTS_STAFF = """
                                         anon plai appl trai outs ment men2 alum memb mem2 staf admn supv
GET  /grants/staff/                      in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /grants/staff/rounds/new            in   403  403  403  403  403  403  403  403  403  200  200  403
POST /grants/staff/rounds/new            in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /grants/staff/rounds/{round}        in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /grants/staff/rounds/{round}/edit   in   403  403  403  403  403  403  403  403  403  200  200  403
POST /grants/staff/rounds/{round}/edit   in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /grants/staff/rounds/{round}/decisions
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
POST /grants/staff/rounds/{round}/decisions
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
POST /grants/staff/rounds/{round}/decisions/confirm
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /grants/staff/rounds/{round}/statistics
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /grants/staff/rounds/{round}/applications.csv
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /grants/staff/rounds/{round}/reviews.csv
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /grants/staff/applications/{grant}  in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /grants/staff/applications/{grant_draft}
                                         in   403  403  403  403  403  403  403  403  403  404  404  403
GET  /grants/staff/applications/{grant}/versions/1
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /grants/staff/applications/{grant}/versions/99
                                         in   403  403  403  403  403  403  403  403  403  404  404  403
GET  /grants/staff/attachments/{grant_attachment}
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
POST /grants/staff/applications/{grant_draft}/screening
                                         in   403  403  403  403  403  403  403  403  403  404  404  403
POST /grants/staff/applications/{other_grant}/screening
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
POST /grants/staff/applications/{other_grant}/reviewers
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
# The world's {grant} has left the committee (decided), so its reviews' due days are closed:
# tests/grants/test_review_due_dates.py shows the page while it is with the committee.
GET  /grants/staff/applications/{grant}/reviewers/{grant_review}/due
                                         in   403  403  403  403  403  403  403  403  403  404  404  403
GET  /grants/staff/applications/{grant}/reviewers/{other_grant_review}/due
                                         in   403  403  403  403  403  403  403  403  403  404  404  403
POST /grants/staff/applications/{grant}/reviewers/{grant_review}/due
                                         in   403  403  403  403  403  403  403  403  403  404  404  403
POST /grants/staff/applications/{grant}/reviewers/{other_grant_review}/due
                                         in   403  403  403  403  403  403  403  403  403  404  404  403
POST /grants/staff/applications/{other_grant}/decision
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
POST /grants/staff/applications/{grant}/payments
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
POST /grants/staff/applications/{grant}/reports/progress
                                         in   403  403  403  403  403  403  403  403  403  400  400  403
"""
