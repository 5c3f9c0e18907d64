-- The operators' list of platform promo codes (docs/promotions.md): one row per code, written from its events with the
-- code's revision, so an older or repeated event changes nothing. entry is the code's view, its redemption counters
-- rewritten by every redemption. Listed newest first; created is UTC ticks.
CREATE TABLE promotions_codes
(
    code     text   PRIMARY KEY,
    version  bigint NOT NULL,
    created  bigint NOT NULL,
    entry    text   NOT NULL
);

CREATE INDEX promotions_codes_newest ON promotions_codes (created DESC, code DESC);
