"""The matrix's tables (see tests/route_matrix.py) for accounts, the home page, and the year's
pages: cohorts, the course, assignments, completion and certificates, the calendar."""

HOST = """
                                         anon plai appl trai outs ment men2 alum memb mem2 staf admn supv
GET  /healthz                            200  200  200  200  200  200  200  200  200  200  200  200  200
"""


ACCOUNTS = """
                                         anon plai appl trai outs ment men2 alum memb mem2 staf admn supv
GET  /login                              200  302  302  302  302  302  302  302  302  302  302  302  302
POST /login                              200  302  302  302  302  302  302  302  302  302  302  302  302
GET  /password                           in   200  200  200  200  200  200  200  200  200  200  200  200
POST /password                           in   200  200  200  200  200  200  200  200  200  200  200  200
GET  /password/forgot                    200  200  200  200  200  200  200  200  200  200  200  200  200
POST /password/forgot                    200  200  200  200  200  200  200  200  200  200  200  200  200
GET  /password/set/{invitation}          200  200  200  200  200  200  200  200  200  200  200  200  200
POST /password/set/{invitation}          200  200  200  200  200  200  200  200  200  200  200  200  200
GET  /password/set/not-a-token           404  404  404  404  404  404  404  404  404  404  404  404  404
GET  /register                           200  302  302  302  302  302  302  302  302  302  302  302  302
POST /register                           200  302  302  302  302  302  302  302  302  302  302  302  302
GET  /register/sent                      200  200  200  200  200  200  200  200  200  200  200  200  200
GET  /confirm/{confirmation}             200  200  200  200  200  200  200  200  200  200  200  200  200
GET  /confirm/not-a-token                404  404  404  404  404  404  404  404  404  404  404  404  404
GET  /confirm/resend                     200  200  200  200  200  200  200  200  200  200  200  200  200
POST /confirm/resend                     200  200  200  200  200  200  200  200  200  200  200  200  200
GET  /settings                           in   200  200  200  200  200  200  200  200  200  200  200  200
POST /settings                           in   302  302  302  302  302  302  302  302  302  302  302  302
GET  /settings/data.json                 in   200  200  200  200  200  200  200  200  200  200  200  200
POST /language                           302  302  302  302  302  302  302  302  302  302  302  302  302
GET  /people                             in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /people/invite                      in   403  403  403  403  403  403  403  403  403  200  200  403
POST /people/invite                      in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /people/{plain}                     in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /people/999999                      in   403  403  403  403  403  403  403  403  403  404  404  403
POST /people/{plain}/deactivate          in   403  403  403  403  403  403  403  403  403  302  302  403
POST /people/{plain}/reactivate          in   403  403  403  403  403  403  403  403  403  302  302  403
POST /people/{plain}/roles               in   403  403  403  403  403  403  403  403  403  403  302  403
POST /logout  last
                                         302  302  302  302  302  302  302  302  302  302  302  302  302
POST /confirm/{confirmation}  last
                                         302  302  302  302  302  302  302  302  302  302  302  302  302
"""


HOME = """
                                         anon plai appl trai outs ment men2 alum memb mem2 staf admn supv
GET  /                                   200  200  200  200  200  200  200  200  200  200  200  200  200
"""


NOTIFICATIONS = """
                                         anon plai appl trai outs ment men2 alum memb mem2 staf admn supv
GET  /notifications                      in   200  200  200  200  200  200  200  200  200  200  200  200
GET  /notifications/{notification}       in   404  404  302  404  404  404  404  404  404  404  404  404
GET  /notifications/{other_notification} in   404  404  404  302  404  404  404  404  404  404  404  404
GET  /notifications/999999               in   404  404  404  404  404  404  404  404  404  404  404  404
GET  /notifications/choices              in   200  200  200  200  200  200  200  200  200  200  200  200
POST /notifications/choices              in   302  302  302  302  302  302  302  302  302  302  302  302
POST /notifications/read                 in   302  302  302  302  302  302  302  302  302  302  302  302
"""


# Creating a program: staff only; the bare POST gives the form back with its errors.
PROGRAM_CATALOG = """
                                         anon plai appl trai outs ment men2 alum memb mem2 staf admn supv
GET  /programs/new                       in   403  403  403  403  403  403  403  403  403  200  200  403
POST /programs/new                       in   403  403  403  403  403  403  403  403  403  200  200  403
"""


PROGRAMS = """
                                         anon plai appl trai outs ment men2 alum memb mem2 staf admn supv
GET  /cohorts                            in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /cohorts/new                        in   403  403  403  403  403  403  403  403  403  200  200  403
POST /cohorts/new                        in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /cohorts/{cohort}                   in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /cohorts/{cohort}/edit              in   403  403  403  403  403  403  403  403  403  200  200  403
POST /cohorts/{cohort}/edit              in   403  403  403  403  403  403  403  403  403  302  302  403
POST /cohorts/{cohort}/activate          in   403  403  403  403  403  403  403  403  403  err  err  403
GET  /cohorts/{cohort}/cancel            in   403  403  403  403  403  403  403  403  403  200  200  403
POST /cohorts/{cohort}/cancel            in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /cohorts/{cohort}/replace           in   403  403  403  403  403  403  403  403  403  200  200  403
POST /cohorts/{cohort}/replace           in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /cohorts/{cohort}/enroll            in   403  403  403  403  403  403  403  403  403  200  200  403
POST /cohorts/{cohort}/enroll            in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /cohorts/{cohort}/roster            in   403  403  403  403  403  403  403  403  403  200  200  403
POST /cohorts/{cohort}/roster            in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /cohorts/{cohort}/mentors           in   403  403  403  403  403  403  403  403  403  200  200  403
POST /cohorts/{cohort}/mentors           in   403  403  403  403  403  403  403  403  403  200  200  403
POST /cohorts/{cohort}/mentors/{far_mentorship}/remove
                                         in   403  403  403  403  403  403  403  403  403  404  404  403
POST /cohorts/{cohort}/mentors/{mentorship}/remove
                                         in   403  403  403  403  403  403  403  403  403  302  302  403
GET  /cohorts/{cohort}/enrollments/{trainee_enrollment}/withdraw
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /cohorts/{cohort}/enrollments/{outsider_enrollment}/withdraw
                                         in   403  403  403  403  403  403  403  403  403  404  404  403
POST /cohorts/{cohort}/enrollments/{trainee_enrollment}/withdraw
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /cohorts/{cohort}/enrollments/{trainee_enrollment}/country
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /cohorts/{cohort}/enrollments/{outsider_enrollment}/country
                                         in   403  403  403  403  403  403  403  403  403  404  404  403
POST /cohorts/{cohort}/enrollments/{trainee_enrollment}/country
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
"""


CURRICULUM = """
                                         anon plai appl trai outs ment men2 alum memb mem2 staf admn supv
GET  /cohorts/{cohort}/course            in   404  404  200  404  200  200  404  404  404  200  200  404
GET  /cohorts/{other_cohort}/course      in   404  404  404  200  404  404  404  404  404  200  200  404
GET  /cohorts/{cohort}/course/welcome    in   404  404  200  404  200  200  404  404  404  200  200  404
GET  /cohorts/{cohort}/course/journal    in   404  404  200  404  200  200  404  404  404  200  200  404
GET  /cohorts/{other_cohort}/course/welcome
                                         in   404  404  404  200  404  404  404  404  404  200  200  404
POST /cohorts/{cohort}/course/welcome/done
                                         in   404  404  302  404  404  404  404  404  404  404  404  404
POST /cohorts/{other_cohort}/course/welcome/done
                                         in   404  404  404  302  404  404  404  404  404  404  404  404
POST /cohorts/{cohort}/course/welcome/undo
                                         in   404  404  302  404  404  404  404  404  404  404  404  404
GET  /cohorts/{cohort}/progress          in   404  404  404  404  200  200  404  404  404  302  302  404
GET  /cohorts/{other_cohort}/progress    in   404  404  404  404  404  404  404  404  404  302  302  404
GET  /cohorts/{cohort}/matrix            in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /cohorts/{cohort}/matrix.csv        in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /cohorts/{cohort}/schedule          in   404  404  200  404  200  200  404  404  404  200  200  404
GET  /cohorts/{other_cohort}/schedule    in   404  404  404  200  404  404  404  404  404  200  200  404
"""


ASSIGNMENTS = """
                                         anon plai appl trai outs ment men2 alum memb mem2 staf admn supv
GET  /cohorts/{cohort}/work/visit-note   in   404  404  200  404  404  404  404  404  404  404  404  404
GET  /cohorts/{other_cohort}/work/visit-note
                                         in   404  404  404  200  404  404  404  404  404  404  404  404
POST /cohorts/{cohort}/work/visit-note   in   404  404  200  404  404  404  404  404  404  404  404  404
POST /cohorts/{cohort}/work/visit-note/autosave
                                         in   404  404  400  404  404  404  404  404  404  404  404  404
POST /cohorts/{other_cohort}/work/visit-note/autosave
                                         in   404  404  404  400  404  404  404  404  404  404  404  404
# A trainee's files, a draft's too, are open to her mentor and staff; only she removes one,
# from her draft, with the work page's form (POST /cohorts/{cohort}/work/visit-note above).
GET  /attachments/{attachment}           in   404  404  200  404  200  404  404  404  404  200  200  404
GET  /attachments/{other_attachment}     in   404  404  404  404  404  200  404  404  404  200  200  404
GET  /attachments/{draft_attachment}     in   404  404  200  404  200  404  404  404  404  200  200  404
GET  /cohorts/{cohort}/grades            in   404  404  200  404  404  404  404  404  404  404  404  404
GET  /cohorts/{other_cohort}/grades      in   404  404  404  200  404  404  404  404  404  404  404  404
GET  /grading                            in   404  404  404  404  200  200  404  404  404  200  200  404
GET  /submissions/{submission}/grade     in   404  404  403  404  200  404  404  404  404  200  200  404
GET  /submissions/{other_submission}/grade
                                         in   404  404  404  404  404  200  404  404  404  200  200  404
POST /submissions/{submission}/grade     in   404  404  403  404  200  404  404  404  404  200  200  404
GET  /submissions/{submission}/extension in   404  404  403  404  200  404  404  404  404  200  200  404
GET  /submissions/{other_submission}/extension
                                         in   404  404  404  404  404  200  404  404  404  200  200  404
POST /submissions/{submission}/extension in   404  404  403  404  200  404  404  404  404  200  200  404
GET  /cohorts/{cohort}/trainees/{trainee_enrollment}/extension/visit-note
                                         in   404  404  404  404  200  404  404  404  404  200  200  404
GET  /cohorts/{cohort}/trainees/{outsider_enrollment}/extension/visit-note
                                         in   404  404  404  404  404  404  404  404  404  404  404  404
POST /cohorts/{cohort}/trainees/{trainee_enrollment}/extension/visit-note
                                         in   404  404  404  404  200  404  404  404  404  200  200  404
# A trainee's grades and standing, the page the wide tables link her name to: hers, her
# mentor's and staff's; at the address of another cohort nobody finds her.
GET  /cohorts/{cohort}/trainees/{trainee_enrollment}/grades
                                         in   404  404  200  404  200  404  404  404  404  200  200  404
GET  /cohorts/{cohort}/trainees/{outsider_enrollment}/grades
                                         in   404  404  404  404  404  404  404  404  404  404  404  404
GET  /cohorts/{other_cohort}/trainees/{outsider_enrollment}/grades
                                         in   404  404  404  200  404  404  404  404  404  200  200  404
GET  /cohorts/{cohort}/deadlines         in   403  403  403  403  403  403  403  403  403  200  200  403
POST /cohorts/{cohort}/deadlines         in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /cohorts/{cohort}/gradebook         in   404  404  404  404  200  200  404  404  404  200  200  404
GET  /cohorts/{other_cohort}/gradebook   in   404  404  404  404  404  404  404  404  404  200  200  404
GET  /cohorts/{cohort}/gradebook.csv     in   404  404  404  404  200  200  404  404  404  200  200  404
GET  /cohorts/{other_cohort}/gradebook.csv
                                         in   404  404  404  404  404  404  404  404  404  200  200  404
"""


CERTIFICATES = """
                                         anon plai appl trai outs ment men2 alum memb mem2 staf admn supv
GET  /cohorts/{cohort}/completion        in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /cohorts/{cohort}/completion/confirm
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
POST /cohorts/{cohort}/completion        in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /cohorts/{cohort}/completion/{trainee_enrollment}
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /cohorts/{cohort}/completion/{outsider_enrollment}
                                         in   403  403  403  403  403  403  403  403  403  404  404  403
POST /cohorts/{cohort}/completion/{trainee_enrollment}
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
POST /cohorts/{cohort}/completion/{trainee_enrollment}/clear
                                         in   403  403  403  403  403  403  403  403  403  302  302  403
POST /cohorts/{cohort}/completion/{outsider_enrollment}/clear
                                         in   403  403  403  403  403  403  403  403  403  404  404  403
GET  /certificates/{certificate}         in   404  404  404  404  404  404  200  404  404  200  200  404
GET  /certificates/{other_certificate}   in   404  404  404  404  404  404  404  404  404  200  200  404
GET  /certificates/{certificate}/certificate.pdf
                                         in   404  404  404  404  404  404  200  404  404  200  200  404
GET  /certificates/{other_certificate}/certificate.pdf
                                         in   404  404  404  404  404  404  404  404  404  200  200  404
GET  /certificates/{certificate}/credential.json
                                         in   404  404  404  404  404  404  200  404  404  200  200  404
GET  /certificates/{other_certificate}/credential.json
                                         in   404  404  404  404  404  404  404  404  404  200  200  404
GET  /certificates/{certificate}/revoke  in   403  403  403  403  403  403  403  403  403  200  200  403
POST /certificates/{certificate}/revoke  in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /verify                             200  200  200  200  200  200  200  200  200  200  200  200  200
GET  /verify/{code}                      200  200  200  200  200  200  200  200  200  200  200  200  200
GET  /verify/ABCDEFGHJKMNPQRSTVWX        404  404  404  404  404  404  404  404  404  404  404  404  404
GET  /verify/credential                  200  200  200  200  200  200  200  200  200  200  200  200  200
POST /verify/credential                  200  200  200  200  200  200  200  200  200  200  200  200  200
GET  /credentials/issuer.json            200  200  200  200  200  200  200  200  200  200  200  200  200
GET  /credentials/keys/{key}             200  200  200  200  200  200  200  200  200  200  200  200  200
GET  /credentials/keys/z6MkNotOurs       404  404  404  404  404  404  404  404  404  404  404  404  404
GET  /credentials/status/1               200  200  200  200  200  200  200  200  200  200  200  200  200
GET  /credentials/status/99              404  404  404  404  404  404  404  404  404  404  404  404  404
"""


CALENDAR = """
                                         anon plai appl trai outs ment men2 alum memb mem2 staf admn supv
GET  /calendar                           in   200  200  200  200  200  200  200  200  200  200  200  200
GET  /calendar/{feed}.ics                200  200  200  200  200  200  200  200  200  200  200  200  200
GET  /calendar/not-a-feed.ics            404  404  404  404  404  404  404  404  404  404  404  404  404
POST /calendar/new                       in   302  302  302  302  302  302  302  302  302  302  302  302
POST /calendar/revoke                    in   302  302  302  302  302  302  302  302  302  302  302  302
"""


# Host facilities and placements are staff's: everyone else is refused, whatever the object.
PLACEMENTS = """
                                         anon plai appl trai outs ment men2 alum memb mem2 staf admn supv
GET  /placements/facilities              in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /placements/facilities/new          in   403  403  403  403  403  403  403  403  403  200  200  403
POST /placements/facilities/new          in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /placements/facilities/{facility}   in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /placements/facilities/{facility}/edit
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
# (A form posting none of its fields keeps the facility's values: it saves them unchanged.)
POST /placements/facilities/{facility}/edit
                                         in   403  403  403  403  403  403  403  403  403  302  302  403
GET  /placements/facilities.csv          in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /placements/facilities/import       in   403  403  403  403  403  403  403  403  403  200  200  403
POST /placements/facilities/import       in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /cohorts/{cohort}/placements        in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /cohorts/{cohort}/placements/{trainee_enrollment}/later
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /cohorts/{cohort}/placements/{outsider_enrollment}/later
                                         in   403  403  403  403  403  403  403  403  403  404  404  403
POST /cohorts/{cohort}/placements/{trainee_enrollment}/later
                                         in   403  403  403  403  403  403  403  403  403  302  302  403
# (A form posting none of its boxes says the facility asks for none of the checks: saved.)
GET  /cohorts/{cohort}/placements/{trainee_enrollment}/later/readiness
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
POST /cohorts/{cohort}/placements/{trainee_enrollment}/later/readiness
                                         in   403  403  403  403  403  403  403  403  403  302  302  403
GET  /cohorts/{other_cohort}/placements/{outsider_enrollment}/later/readiness
                                         in   403  403  403  403  403  403  403  403  403  404  404  403
POST /cohorts/{cohort}/placements/{trainee_enrollment}/later/invite
                                         in   403  403  403  403  403  403  403  403  403  302  302  403
# A supervisor sees the placement staff invited them to, and nothing else; nobody else sees
# it there (staff follow it on the board).
GET  /supervision/{placement}            in   404  404  404  404  404  404  404  404  404  404  404  200
GET  /supervision/{other_placement}      in   404  404  404  404  404  404  404  404  404  404  404  404
GET  /supervision/{placement}/evaluations/mid_placement
                                         in   404  404  404  404  404  404  404  404  404  404  404  200
GET  /supervision/{other_placement}/evaluations/mid_placement
                                         in   404  404  404  404  404  404  404  404  404  404  404  404
# Posting nothing saves the supervisor's draft, and shows it again.
POST /supervision/{placement}/evaluations/mid_placement
                                         in   404  404  404  404  404  404  404  404  404  404  404  302
# A submitted evaluation: the trainee, her mentor, staff and its supervisor read it; only the
# trainee acknowledges it.
GET  /placements/evaluations/{evaluation}
                                         in   404  404  200  404  200  404  404  404  404  200  200  200
POST /placements/evaluations/{evaluation}/acknowledge
                                         in   404  404  302  404  err  404  404  404  404  err  err  err
# Her journals shared with the supervisor: read by her, her mentor, staff and the supervisor;
# commented on by her and the supervisor once she has handed one in (the world's practicum
# has not begun: nobody comments yet; tests/placements/test_journals.py has them comment).
GET  /placements/{placement}/journals/journal-week-1
                                         in   404  404  200  404  200  404  404  404  404  200  200  200
GET  /placements/{other_placement}/journals/journal-week-1
                                         in   404  404  404  404  404  200  404  404  404  200  200  404
POST /placements/{placement}/journals/journal-week-1
                                         in   404  404  403  404  403  404  404  404  404  403  403  403
"""


# The Japanese teacher's pages: hers for the cohorts she teaches now, and staff's; nobody else
# finds them (the world has no teacher: tests/language test her rights, and other cohorts').
LANGUAGE = """
                                         anon plai appl trai outs ment men2 alum memb mem2 staf admn supv
GET  /japanese/                          in   404  404  404  404  404  404  404  404  404  200  200  404
GET  /japanese/cohorts/{cohort}          in   404  404  404  404  404  404  404  404  404  200  200  404
GET  /japanese/cohorts/{other_cohort}    in   404  404  404  404  404  404  404  404  404  200  200  404
GET  /japanese/cohorts/999999            in   404  404  404  404  404  404  404  404  404  404  404  404
POST /japanese/cohorts/{cohort}          in   404  404  404  404  404  404  404  404  404  200  200  404
GET  /japanese/cohorts/{cohort}/trainees/{trainee_enrollment}
                                         in   404  404  404  404  404  404  404  404  404  200  200  404
GET  /japanese/cohorts/{cohort}/trainees/{outsider_enrollment}
                                         in   404  404  404  404  404  404  404  404  404  404  404  404
"""
