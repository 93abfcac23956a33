"""The route × actor matrix's tables for the people's communication: announcements. See
tests/route_matrix.py for the format; {announcement} is for the trainee's cohort,
{other_announcement} for the outsider's."""

ANNOUNCEMENTS = """
                                         anon plai appl trai outs ment men2 alum memb mem2 staf admn supv
GET  /announcements                      in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /announcements/new                  in   403  403  403  403  403  403  403  403  403  200  200  403
POST /announcements/new                  in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /announcements/{announcement}       in   404  404  200  404  200  200  404  404  404  200  200  404
GET  /announcements/{other_announcement} in   404  404  404  200  404  404  404  404  404  200  200  404
GET  /announcements/{announcement}/attachment
                                         in   404  404  200  404  200  200  404  404  404  200  200  404
GET  /announcements/{other_announcement}/attachment
                                         in   404  404  404  200  404  404  404  404  404  200  200  404
GET  /announcements/{announcement}/edit  in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /announcements/{other_announcement}/edit
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
POST /announcements/{announcement}/edit  in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /announcements/{announcement}/withdraw
                                         in   403  403  403  403  403  403  403  403  403  200  200  403
POST /announcements/{announcement}/dismiss
                                         in   404  404  302  404  302  302  404  404  404  404  404  404
POST /announcements/{other_announcement}/dismiss
                                         in   404  404  404  302  404  404  404  404  404  404  404  404
POST /announcements/{other_announcement}/withdraw
                                         in   403  403  403  403  403  403  403  403  403  302  302  403
"""
