-- Identity's tables (docs/auth.md). The operators' audit trail: one row per request an operator made to change
-- something, on any gateway, appended and never changed; read newest first, all of it, by operator or by target.
-- Instants are UTC ticks, as in the read-model tables.
CREATE TABLE operator_audit
(
    id             uuid    PRIMARY KEY,
    at             bigint  NOT NULL,
    operator_id    uuid    NOT NULL,
    gateway        text    NOT NULL,
    action         text    NOT NULL,
    path           text    NOT NULL,
    target_id      uuid,
    status         integer NOT NULL,
    client_address text    NOT NULL,
    detail         text
);

CREATE INDEX operator_audit_newest ON operator_audit (at DESC, id DESC);
CREATE INDEX operator_audit_by_operator ON operator_audit (operator_id, at DESC, id DESC);
CREATE INDEX operator_audit_by_target ON operator_audit (target_id, at DESC, id DESC) WHERE target_id IS NOT NULL;

-- Accounts (couriers) waiting for an operator's approval, oldest first; a row leaves when an operator decides.
CREATE TABLE identity_pending_accounts
(
    user_id       uuid   PRIMARY KEY,
    registered_at bigint NOT NULL
);

CREATE INDEX identity_pending_accounts_oldest ON identity_pending_accounts (registered_at, user_id);
