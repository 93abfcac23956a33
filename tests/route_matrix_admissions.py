"""The matrix's tables (see tests/route_matrix.py) for admissions: the calls and the applicant's
pages, the selection committee's and staff's."""

ADMISSIONS = """
                                         anon plai appl trai outs ment men2 alum memb mem2 staf admn supv
GET  /admissions/                        200  200  200  200  200  200  200  200  200  200  200  200  200
GET  /admissions/calls/{call}            200  200  200  200  200  200  200  200  200  200  200  200  200
GET  /admissions/calls/999999            404  404  404  404  404  404  404  404  404  404  404  404  404
GET  /admissions/mine                    in   200  200  200  200  200  200  200  200  200  200  200  200
GET  /admissions/applications/{admission}
                                         in   404  200  404  404  404  404  404  404  404  404  404  404
GET  /admissions/applications/{other_admission}
                                         in   404  404  404  404  404  404  404  404  404  404  404  404
GET  /admissions/applications/{admission_draft}/edit
                                         in   404  200  404  404  404  404  404  404  404  404  404  404
GET  /admissions/applications/{other_admission}/edit
                                         in   404  404  404  404  404  404  404  404  404  404  404  404
POST /admissions/applications/{admission_draft}/edit
                                         in   404  302  404  404  404  404  404  404  404  404  404  404
GET  /admissions/applications/{admission}/documents/{document}
                                         in   404  200  404  404  404  404  404  404  404  404  404  404
GET  /admissions/applications/{other_admission}/documents/{other_document}
                                         in   404  404  404  404  404  404  404  404  404  404  404  404
GET  /admissions/applications/{admission}/documents/{other_document}
                                         in   404  404  404  404  404  404  404  404  404  404  404  404
GET  /admissions/applications/{admission}/interview.ics
                                         in   404  200  404  404  404  404  404  200  404  200  200  404
GET  /admissions/applications/{other_admission}/interview.ics
                                         in   404  404  404  404  404  404  404  404  404  404  404  404
GET  /admissions/applications/{admission}/withdraw
                                         in   404  err  404  404  404  404  404  404  404  404  404  404
GET  /admissions/applications/{other_admission}/withdraw
                                         in   404  404  404  404  404  404  404  404  404  404  404  404
GET  /admissions/applications/{admission}/decline
                                         in   404  200  404  404  404  404  404  404  404  404  404  404
GET  /admissions/applications/{other_admission}/decline
                                         in   404  404  404  404  404  404  404  404  404  404  404  404
GET  /admissions/nominate/{nomination}   200  200  200  200  200  200  200  200  200  200  200  200  200
GET  /admissions/nominate/not-a-token    410  410  410  410  410  410  410  410  410  410  410  410  410
POST /admissions/nominate/{nomination}   200  200  200  200  200  200  200  200  200  200  200  200  200
# Anyone signed in may start an application to an open call.
POST /admissions/calls/{call}/apply      in   302  302  302  302  302  302  302  302  302  302  302  302
POST /admissions/applications/{admission_draft}/documents/cv
                                         in   404  200  404  404  404  404  404  404  404  404  404  404
POST /admissions/applications/{other_admission}/documents/cv
                                         in   404  404  404  404  404  404  404  404  404  404  404  404
POST /admissions/applications/{admission_draft}/nominator
                                         in   404  200  404  404  404  404  404  404  404  404  404  404
POST /admissions/applications/{other_admission}/nominator
                                         in   404  404  404  404  404  404  404  404  404  404  404  404
POST /admissions/applications/{other_admission}/arrival
                                         in   404  404  404  404  404  404  404  404  404  404  404  404
POST /admissions/applications/{admission}/arrival
                                         in   404  err  404  404  404  404  404  404  404  404  404  404
POST /admissions/applications/{other_admission}/confirm
                                         in   404  404  404  404  404  404  404  404  404  404  404  404
POST /admissions/applications/{admission}/confirm
                                         in   404  302  404  404  404  404  404  404  404  404  404  404
POST /admissions/applications/{other_admission}/decline
                                         in   404  404  404  404  404  404  404  404  404  404  404  404
POST /admissions/applications/{admission}/decline
                                         in   404  err  404  404  404  404  404  404  404  404  404  404
POST /admissions/applications/{other_admission}/withdraw
                                         in   404  404  404  404  404  404  404  404  404  404  404  404
POST /admissions/applications/{admission}/withdraw
                                         in   404  err  404  404  404  404  404  404  404  404  404  404
"""


ADMISSIONS_REVIEW = """
                                         anon plai appl trai outs ment men2 alum memb mem2 staf admn supv
GET  /admissions/reviews/                in   200  200  200  200  200  200  200  200  200  200  200  200
GET  /admissions/reviews/{admission_review}
                                         in   404  404  404  404  404  404  404  200  404  404  404  404
GET  /admissions/reviews/{other_admission_review}
                                         in   404  404  404  404  404  404  404  404  200  404  404  404
POST /admissions/reviews/{admission_review}
                                         in   404  404  404  404  404  404  404  400  404  404  404  404
GET  /admissions/reviews/{admission_review}/documents/{document}
                                         in   404  404  404  404  404  404  404  200  404  404  404  404
GET  /admissions/reviews/{admission_review}/documents/{other_document}
                                         in   404  404  404  404  404  404  404  404  404  404  404  404
GET  /admissions/reviews/{admission_review}/conflict
                                         in   404  404  404  404  404  404  404  200  404  404  404  404
GET  /admissions/reviews/{other_admission_review}/conflict
                                         in   404  404  404  404  404  404  404  404  200  404  404  404
POST /admissions/reviews/{admission_review}/conflict
                                         in   404  404  404  404  404  404  404  200  404  404  404  404
"""


ADMISSIONS_STAFF = """
                                         anon plai appl trai outs ment men2 alum memb mem2 staf admn supv
GET  /admissions/staff/                  in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /admissions/staff/calls/new         in   403  403  403  403  403  403  403  403  403  200  200  403
POST /admissions/staff/calls/new         in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /admissions/staff/calls/{call}      in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /admissions/staff/calls/{call}/edit in   403  403  403  403  403  403  403  403  403  200  200  403
POST /admissions/staff/calls/{call}/edit in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /admissions/staff/calls/{call}/statistics
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /admissions/staff/calls/{call}/statistics.csv
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /admissions/staff/applications/{admission}
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /admissions/staff/applications/{admission_draft}
                                         in   403  403  403  403  403  403  403  403  403  404  404  403
GET  /admissions/staff/applications/{admission}/documents/{document}
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /admissions/staff/applications/{admission}/documents/{other_document}
                                         in   403  403  403  403  403  403  403  403  403  404  404  403
POST /admissions/staff/applications/{admission_draft}/screening
                                         in   403  403  403  403  403  403  403  403  403  404  404  403
POST /admissions/staff/applications/{admission}/screening
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
POST /admissions/staff/applications/{admission}/reviewers
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
# The world's {admission} has left the committee (decided), so its reviews' due days are closed:
# tests/grants/test_review_due_dates.py shows the page while it is with the committee.
GET  /admissions/staff/applications/{admission}/reviewers/{admission_review}/due
                                         in   403  403  403  403  403  403  403  403  403  404  404  403
GET  /admissions/staff/applications/{admission}/reviewers/{other_admission_review}/due
                                         in   403  403  403  403  403  403  403  403  403  404  404  403
POST /admissions/staff/applications/{admission}/reviewers/{admission_review}/due
                                         in   403  403  403  403  403  403  403  403  403  404  404  403
POST /admissions/staff/applications/{admission}/reviewers/{other_admission_review}/due
                                         in   403  403  403  403  403  403  403  403  403  404  404  403
POST /admissions/staff/applications/{admission}/interview
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
POST /admissions/staff/applications/{admission}/decision
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
POST /admissions/staff/applications/{admission}/release
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
POST /admissions/staff/applications/{admission}/checklist/{checklist_item}
                                         in   403  403  403  403  403  403  403  403  403  404  404  403
POST /admissions/staff/applications/{other_admission}/checklist/{checklist_item}
                                         in   403  403  403  403  403  403  403  403  403  302  302  403
"""
