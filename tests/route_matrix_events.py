"""The matrix's tables (see tests/route_matrix.py) for the events: the seminar and every other
kind of event, and the redirects from the seminar's old addresses."""

# Everyone signed in with a confirmed address sees the list: the world holds a forum open to
# all ({public_event}); an edition not open to someone is not found for them. The bare POST of
# the details form (nothing but its token) unticks who may register, so staff get the form
# back with the error rather than a save.
EVENTS = """
                                         anon plai appl trai outs ment men2 alum memb mem2 staf admn supv
GET  /events                           in   200  200  200  200  200  200  200  200  200  200  200  200
GET  /events/{seminar}                 in   404  404  200  200  404  404  200  404  404  200  200  404
GET  /events/{cohort}                  in   404  404  404  404  404  404  404  404  404  404  404  404
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
"""


SEMINARS_MOVED = """
                                         anon plai appl trai outs ment men2 alum memb mem2 staf admn supv
GET  /seminars                           301  301  301  301  301  301  301  301  301  301  301  301  301
GET  /seminars/{seminar}                 301  301  301  301  301  301  301  301  301  301  301  301  301
"""
