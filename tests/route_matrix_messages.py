"""The matrix's table (see tests/route_matrix.py) for messages: the trainee's conversation
with her mentor, her office conversation, and the classmate's (someone else's)."""

MESSAGES = """
                                         anon plai appl trai outs ment men2 alum memb mem2 staf admn supv
GET  /messages                           in   200  200  200  200  200  200  200  200  200  200  200  200
GET  /messages/office/new                in   200  200  200  200  200  200  200  200  200  200  200  200
POST /messages/office/new                in   200  200  200  200  200  200  200  200  200  200  200  200
GET  /messages/mentor/{trainee_enrollment}
                                         in   404  404  302  404  302  404  404  404  404  404  404  404
GET  /messages/mentor/{outsider_enrollment}
                                         in   404  404  404  200  404  404  404  404  404  404  404  404
POST /messages/mentor/{trainee_enrollment}
                                         in   404  404  200  404  200  404  404  404  404  404  404  404
GET  /messages/{conversation}            in   404  404  200  404  200  404  404  404  404  404  404  404
GET  /messages/{other_conversation}      in   404  404  404  404  404  200  404  404  404  404  404  404
POST /messages/{conversation}            in   404  404  200  404  200  404  404  404  404  404  404  404
GET  /messages/{office_conversation}     in   404  404  200  404  404  404  404  404  404  200  200  404
GET  /messages/{other_office_conversation}
                                         in   404  404  404  404  404  404  404  404  404  200  200  404
POST /messages/{office_conversation}     in   404  404  200  404  404  404  404  404  404  200  200  404
POST /messages/{office_conversation}/assign
                                         in   403  403  403  403  403  403  403  403  403  302  302  403
POST /messages/{conversation}/assign     in   403  403  403  403  403  403  403  403  403  404  404  403
POST /messages/{office_conversation}/close
                                         in   403  403  403  403  403  403  403  403  403  302  302  403
POST /messages/{conversation}/close      in   403  403  403  403  403  403  403  403  403  404  404  403
POST /messages/{office_conversation}/reopen
                                         in   403  403  403  403  403  403  403  403  403  302  302  403
GET  /messages/files/{message_file}      in   404  404  200  404  200  404  404  404  404  404  404  404
GET  /messages/files/{other_message_file}
                                         in   404  404  404  404  404  200  404  404  404  404  404  404
GET  /messages/inbox                     in   403  403  403  403  403  403  403  403  403  200  200  403
POST /messages/submissions/{submission}  in   404  404  err  404  err  404  404  404  404  404  404  404
POST /messages/submissions/{other_submission}
                                         in   404  404  404  404  404  err  404  404  404  404  404  404
POST /messages/sent/{other_message}/withdraw
                                         in   404  404  404  404  404  403  404  404  404  404  404  404
POST /messages/sent/{message}/withdraw
                                         in   404  404  302  404  403  404  404  404  404  404  404  404
"""
