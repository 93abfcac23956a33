"""The matrix's tables (see tests/route_matrix.py) for the events (the seminar among them):
an edition's pages, its program and the attendance at its sessions, its delegations, and the
redirects from the seminar's old addresses."""

# Everyone signed in with a confirmed address sees the list: the world holds a forum open to
# all ({public_event}); an edition not open to someone is not found for them. The bare POST of
# the details form (nothing but its token) unticks who may register, so staff get the form
# back with the error rather than a save. The public pages (/events/public...) are everyone's,
# signed in or not, for every edition whose details are saved; an edition without them
# ({draft_event}) and a cohort that is not an event are not found there.
EVENTS = """
                                         anon plai appl trai outs ment men2 alum memb mem2 staf admn supv
GET  /events                           in   200  200  200  200  200  200  200  200  200  200  200  200
GET  /events/public                    200  200  200  200  200  200  200  200  200  200  200  200  200
GET  /events/public/{seminar}          200  200  200  200  200  200  200  200  200  200  200  200  200
GET  /events/public/{public_event}     200  200  200  200  200  200  200  200  200  200  200  200  200
GET  /events/public/{draft_event}      404  404  404  404  404  404  404  404  404  404  404  404  404
GET  /events/public/{cohort}           404  404  404  404  404  404  404  404  404  404  404  404  404
GET  /events/public/{seminar}/program.ics
                                         200  200  200  200  200  200  200  200  200  200  200  200  200
GET  /events/public/{draft_event}/program.ics
                                         404  404  404  404  404  404  404  404  404  404  404  404  404
GET  /events/{seminar}                 in   404  404  200  200  404  404  200  404  404  200  200  404
GET  /events/{cohort}                  in   404  404  404  404  404  404  404  404  404  404  404  404
GET  /events/{seminar}/program         in   404  404  200  200  404  404  200  404  404  200  200  404
GET  /events/{cohort}/program          in   404  404  404  404  404  404  404  404  404  404  404  404
POST /events/{seminar}/register        in   404  404  302  302  404  404  err  404  404  err  err  404
POST /events/{seminar}/cancel          in   404  404  302  302  404  404  302  404  404  404  404  404
GET  /events/{seminar}/details         in   403  403  403  403  403  403  403  403  403  200  200  403
POST /events/{seminar}/details         in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /events/{seminar}/sessions/new    in   403  403  403  403  403  403  403  403  403  200  200  403
POST /events/{seminar}/sessions/new    in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /events/{seminar}/sessions/{session}/edit
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /events/{seminar}/sessions/{other_session}/edit
                                         in   403  403  403  403  403  403  403  403  403  404  404  403
POST /events/{seminar}/sessions/{session}/edit
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /events/{seminar}/sessions/{session}/attendance
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /events/{seminar}/sessions/{other_session}/attendance
                                         in   403  403  403  403  403  403  403  403  403  404  404  403
POST /events/{seminar}/sessions/{session}/attendance
                                         in   403  403  403  403  403  403  403  403  403  302  302  403
POST /events/{seminar}/sessions/{other_session}/attendance
                                         in   403  403  403  403  403  403  403  403  403  404  404  403
GET  /events/{seminar}/sessions/{session}/attendance/import
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /events/{seminar}/sessions/{other_session}/attendance/import
                                         in   403  403  403  403  403  403  403  403  403  404  404  403
POST /events/{seminar}/sessions/{session}/attendance/import
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
POST /events/{seminar}/sessions/{other_session}/attendance/import
                                         in   403  403  403  403  403  403  403  403  403  404  404  403
POST /events/{seminar}/sessions/{other_session}/remove
                                         in   403  403  403  403  403  403  403  403  403  404  404  403
POST /events/{seminar}/sessions/{session}/remove
                                         in   403  403  403  403  403  403  403  403  403  302  302  403
GET  /events/{seminar}/attendance      in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /events/{seminar}/attendance.csv  in   403  403  403  403  403  403  403  403  403  200  200  403
POST /events/{seminar}/registrations/{other_registration}/cancel
                                         in   403  403  403  403  403  403  403  403  403  404  404  403
POST /events/{seminar}/registrations/{registration}/cancel
                                         in   403  403  403  403  403  403  403  403  403  302  302  403
# After an edition: a participant's reflection, the staff's report and the published report.
# Only the alumna is registered for {seminar}; the others who see it are turned away, and she
# is told the seminar has not started. The report of {seminar} is not published: nobody but
# staff finds it, signed in or not; that of {other_seminar} is, and anyone reads it. Staff's
# publish is refused before the start. {other_reflection} is at {other_seminar}.
POST /events/{seminar}/reflection        in   404  404  403  403  404  404  err  404  404  403  403  404
GET  /events/{seminar}/report            in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /events/{cohort}/report             in   403  403  403  403  403  403  403  403  403  404  404  403
POST /events/{seminar}/report/summary    in   403  403  403  403  403  403  403  403  403  302  302  403
POST /events/{seminar}/report/publish    in   403  403  403  403  403  403  403  403  403  err  err  403
POST /events/{seminar}/report/unpublish  in   403  403  403  403  403  403  403  403  403  302  302  403
POST /events/{seminar}/report/reflections/{reflection}/select
                                         in   403  403  403  403  403  403  403  403  403  302  302  403
POST /events/{seminar}/report/reflections/{other_reflection}/select
                                         in   403  403  403  403  403  403  403  403  403  404  404  403
POST /events/{seminar}/report/reflections/{reflection}/unselect
                                         in   403  403  403  403  403  403  403  403  403  302  302  403
POST /events/{seminar}/report/reflections/{other_reflection}/unselect
                                         in   403  403  403  403  403  403  403  403  403  404  404  403
GET  /events/{seminar}/report/public     404  404  404  404  404  404  404  404  404  404  200  200  404
GET  /events/{seminar}/report.pdf        404  404  404  404  404  404  404  404  404  404  200  200  404
GET  /events/{other_seminar}/report/public
                                         200  200  200  200  200  200  200  200  200  200  200  200  200
GET  /events/{other_seminar}/report.pdf  200  200  200  200  200  200  200  200  200  200  200  200  200
GET  /events/{cohort}/report/public      404  404  404  404  404  404  404  404  404  404  404  404  404
"""


SEMINARS_MOVED = """
                                         anon plai appl trai outs ment men2 alum memb mem2 staf admn supv
GET  /seminars                           301  301  301  301  301  301  301  301  301  301  301  301  301
GET  /seminars/{seminar}                 301  301  301  301  301  301  301  301  301  301  301  301  301
"""

# An edition's delegations: staff's pages, and the delegation page its members with an account
# see too (the alumna is a member of {delegation}, the other alumna of {other_delegation}, at the
# other seminar). A delegation, member or visit looked for under another edition or delegation
# is not found.
EVENT_DELEGATIONS = """
                                         anon plai appl trai outs ment men2 alum memb mem2 staf admn supv
GET  /events/{seminar}/delegations       in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /events/{cohort}/delegations        in   403  403  403  403  403  403  403  403  403  404  404  403
GET  /events/{seminar}/delegations/new   in   403  403  403  403  403  403  403  403  403  200  200  403
POST /events/{seminar}/delegations/new   in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /events/{seminar}/delegations/roster
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /events/{seminar}/delegations/roster.csv
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /events/{seminar}/delegations/{delegation}
                                         in   403  403  403  403  403  403  200  403  403  200  200  403
GET  /events/{other_seminar}/delegations/{other_delegation}
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /events/{seminar}/delegations/{other_delegation}
                                         in   404  404  404  404  404  404  404  404  404  404  404  404
GET  /events/{seminar}/delegations/{delegation}/edit
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /events/{seminar}/delegations/{other_delegation}/edit
                                         in   403  403  403  403  403  403  403  403  403  404  404  403
POST /events/{seminar}/delegations/{delegation}/edit
                                         in   403  403  403  403  403  403  403  403  403  302  302  403
GET  /events/{seminar}/delegations/{delegation}/members/new
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
POST /events/{seminar}/delegations/{delegation}/members/new
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /events/{seminar}/delegations/{delegation}/members/{delegation_member}/edit
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /events/{seminar}/delegations/{delegation}/members/{other_delegation_member}/edit
                                         in   403  403  403  403  403  403  403  403  403  404  404  403
POST /events/{seminar}/delegations/{delegation}/members/{delegation_member}/edit
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
POST /events/{seminar}/delegations/{delegation}/members/{other_delegation_member}/remove
                                         in   403  403  403  403  403  403  403  403  403  404  404  403
POST /events/{seminar}/delegations/{delegation}/members/{delegation_member}/remove
                                         in   403  403  403  403  403  403  403  403  403  302  302  403
GET  /events/{seminar}/delegations/{delegation}/visits/new
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
POST /events/{seminar}/delegations/{delegation}/visits/new
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /events/{seminar}/delegations/{delegation}/visits/{delegation_visit}/edit
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /events/{seminar}/delegations/{delegation}/visits/{other_delegation_visit}/edit
                                         in   403  403  403  403  403  403  403  403  403  404  404  403
POST /events/{seminar}/delegations/{delegation}/visits/{delegation_visit}/edit
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
POST /events/{seminar}/delegations/{delegation}/visits/{other_delegation_visit}/remove
                                         in   403  403  403  403  403  403  403  403  403  404  404  403
POST /events/{seminar}/delegations/{delegation}/visits/{delegation_visit}/remove
                                         in   403  403  403  403  403  403  403  403  403  302  302  403
"""


# The people invited to an edition: staff's page; another edition's invitation is not found
# (the plain person is invited to {alumni_event} and to {public_event}).
# The bare POST of the form (nothing but its token) gives the form back with its error.
EVENT_INVITATIONS = """
                                         anon plai appl trai outs ment men2 alum memb mem2 staf admn supv
GET  /events/{seminar}/invitations       in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /events/{cohort}/invitations        in   403  403  403  403  403  403  403  403  403  404  404  403
POST /events/{seminar}/invitations       in   403  403  403  403  403  403  403  403  403  200  200  403
POST /events/{alumni_event}/invitations/{other_event_invitation}/remove
                                         in   403  403  403  403  403  403  403  403  403  404  404  403
POST /events/{alumni_event}/invitations/{event_invitation}/remove
                                         in   403  403  403  403  403  403  403  403  403  302  302  403
"""
