"""Domain events a host app (or another Kakehashi domain) can subscribe to.

Each is sent after the service's change is flushed, inside the request's transaction; a
receiver that writes joins that transaction, and one that talks to the outside world should
wait for the commit (``flask.after_this_request``) or go through the mail outbox.
"""

from blinker import Namespace

_signals = Namespace()

#: sender: the User invited; kwargs: invited_by
user_invited = _signals.signal("user-invited")
#: sender: the User whose account was deactivated; kwargs: actor
user_deactivated = _signals.signal("user-deactivated")
#: sender: the User whose roles changed; kwargs: actor, before, after
roles_changed = _signals.signal("roles-changed")
#: sender: the Cohort just completed; kwargs: actor, result (certificates.services.CompletionResult)
cohort_completed = _signals.signal("cohort-completed")
