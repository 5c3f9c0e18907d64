-- Identity's tables of the SQLite profile: the tables of the PostgreSQL migration 0100 (see there), ids as
-- Microsoft.Data.Sqlite's Guid blobs, instants as UTC ticks.
CREATE TABLE operator_audit
(
    id             BLOB    NOT NULL PRIMARY KEY,
    at             INTEGER NOT NULL,
    operator_id    BLOB    NOT NULL,
    gateway        TEXT    NOT NULL,
    action         TEXT    NOT NULL,
    path           TEXT    NOT NULL,
    target_id      BLOB    NULL,
    status         INTEGER NOT NULL,
    client_address TEXT    NOT NULL,
    detail         TEXT    NULL
);

CREATE INDEX operator_audit_newest ON operator_audit (at DESC, id DESC);
CREATE INDEX operator_audit_by_operator ON operator_audit (operator_id, at DESC, id DESC);
CREATE INDEX operator_audit_by_target ON operator_audit (target_id, at DESC, id DESC) WHERE target_id IS NOT NULL;

CREATE TABLE identity_pending_accounts
(
    user_id       BLOB    NOT NULL PRIMARY KEY,
    registered_at INTEGER NOT NULL
);

CREATE INDEX identity_pending_accounts_oldest ON identity_pending_accounts (registered_at, user_id);
