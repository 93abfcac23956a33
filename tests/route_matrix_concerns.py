"""The route × actor matrix's table for confidential concerns. See tests/route_matrix.py for
the format; {concern} is the trainee's, {other_concern} the classmate's, and
{concern_handler} the one person named to handle concerns.

The world's staff member is that handler; its admin is not named, and so finds no concern
(404) like everyone else: what the admin holds is the page naming the handlers. The reporter
follows hers on /concerns/mine: the case pages are the handlers' alone. Anyone signed in may
raise a concern."""

CONCERNS = """
                                         anon plai appl trai outs ment men2 alum memb mem2 staf admn supv
GET  /concerns/new                       in   200  200  200  200  200  200  200  200  200  200  200  200
GET  /concerns/mine                      in   200  200  200  200  200  200  200  200  200  200  200  200
GET  /concerns                           in   404  404  404  404  404  404  404  404  404  200  404  404
GET  /concerns/{concern}                 in   404  404  404  404  404  404  404  404  404  200  404  404
GET  /concerns/{other_concern}           in   404  404  404  404  404  404  404  404  404  200  404  404
GET  /concerns/handlers                  in   403  403  403  403  403  403  403  403  403  403  200  403
POST /concerns/new                       in   200  200  200  200  200  200  200  200  200  200  200  200
POST /concerns/{concern}/status          in   404  404  404  404  404  404  404  404  404  400  404  404
POST /concerns/{other_concern}/notes     in   404  404  404  404  404  404  404  404  404  400  404  404
POST /concerns/handlers                  in   403  403  403  403  403  403  403  403  403  403  200  403
# Refused for the admin: the last handler stays until someone else is named.
POST /concerns/handlers/{concern_handler}/remove
                                         in   403  403  403  403  403  403  403  403  403  403  err  403
"""
