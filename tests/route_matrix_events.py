"""The matrix's tables (see tests/route_matrix.py) for events: the seminar and every kind of event the
councils run, with the redirects from the seminar's old addresses."""

EVENTS = """
                                         anon plai appl trai outs ment men2 alum memb mem2 staf admn supv
GET  /events                           in   403  403  200  200  403  403  200  403  403  200  200  403
GET  /events/{seminar}                 in   403  403  200  200  403  403  200  403  403  200  200  403
GET  /events/{cohort}                  in   403  403  404  404  403  403  404  403  403  404  404  403
POST /events/{seminar}/register        in   403  403  302  302  403  403  err  403  403  err  err  403
POST /events/{seminar}/cancel          in   403  403  302  302  403  403  302  403  403  404  404  403
GET  /events/{seminar}/details         in   403  403  403  403  403  403  403  403  403  200  200  403
POST /events/{seminar}/details         in   403  403  403  403  403  403  403  403  403  302  302  403
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
