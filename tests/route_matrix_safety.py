"""The route × actor matrix's table for safety checks. See tests/route_matrix.py for the format;
{safety_check} went to the trainee's cohort, {other_safety_check} to the outsider's;
{safety_link} is the trainee's personal link to answer the first, {other_safety_link} the
outsider's to the second. A link is its own key: whoever holds it (signed in as anyone or not)
answers for its person, and a link that is not one of ours finds nothing."""

SAFETY = """
                                         anon plai appl trai outs ment men2 alum memb mem2 staf admn supv
GET  /safety/checks                      in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /safety/checks/new                  in   403  403  403  403  403  403  403  403  403  200  200  403
POST /safety/checks/new                  in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /safety/checks/{safety_check}       in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /safety/checks/{other_safety_check} in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /safety/checks/{safety_check}/close in   403  403  403  403  403  403  403  403  403  200  200  403
GET  /safety/answer/{safety_link}        200  200  200  200  200  200  200  200  200  200  200  200  200
GET  /safety/answer/{other_safety_link}  200  200  200  200  200  200  200  200  200  200  200  200  200
GET  /safety/answer/{forged_safety_link} 404  404  404  404  404  404  404  404  404  404  404  404  404
# Without a choice the answer is refused beside its field.
POST /safety/answer/{safety_link}        200  200  200  200  200  200  200  200  200  200  200  200  200
POST /safety/answer/{forged_safety_link} 404  404  404  404  404  404  404  404  404  404  404  404  404
POST /safety/checks/{safety_check}/remind
                                         in   403  403  403  403  403  403  403  403  403  302  302  403
POST /safety/checks/{other_safety_check}/close
                                         in   403  403  403  403  403  403  403  403  403  302  302  403
"""
