"""Django's PostgreSQL backend with a health check that costs no round trip.

Django tests a kept connection (``CONN_HEALTH_CHECKS``) with ``SELECT 1`` at the
start of every request that uses the database: one more round trip, and one more
statement for the server, per request (half the statements a cached
classification sends). A connection the server has ended is one it has written to: when
PostgreSQL shuts down, restarts, or terminates the backend, it sends an error
message and closes the socket, and a proxy that drops the connection closes it too.
An idle connection with nothing to read was therefore not ended by the server (as
far as anything short of a round trip can tell), and is used without one. Anything
else (bytes waiting, a hang-up, a connection not idle) gets Django's own check.
"""

import select

from django.db.backends.postgresql import base
from psycopg import OperationalError, pq

#: Poll events that mean the server wrote, hung up or the socket failed.
_ENDED = select.POLLIN | select.POLLPRI | select.POLLERR | select.POLLHUP


class DatabaseWrapper(base.DatabaseWrapper):
    def close_if_health_check_failed(self):
        if (
            self.connection is not None
            and self.health_check_enabled
            and not self.health_check_done
            and not self.pool
            and self._idle_and_quiet()
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()

    def _idle_and_quiet(self) -> bool:
        """Open, outside a transaction, and nothing from the server to read."""
        pgconn = self.connection.pgconn
        if (
            pgconn.status != pq.ConnStatus.OK
            or pgconn.transaction_status != pq.TransactionStatus.IDLE
        ):
            return False
        try:
            poller = select.poll()
            poller.register(pgconn.socket, _ENDED)
            return not poller.poll(0)
        except (OSError, ValueError, OperationalError):  # no socket any more
            return False
