-- One row per open session. The token itself is never stored: token_hash is the hex SHA-256 of it.
-- Times are epoch milliseconds. Logout and revocation delete the row.
CREATE TABLE sessions (
    id             VARCHAR(32)  NOT NULL PRIMARY KEY,
    token_hash     VARCHAR(64)  NOT NULL UNIQUE,
    user_name      VARCHAR(255) NOT NULL,
    role           VARCHAR(16)  NOT NULL,
    client_address VARCHAR(64)  NOT NULL,
    created_at     BIGINT       NOT NULL,
    last_seen_at   BIGINT       NOT NULL,
    expires_at     BIGINT       NOT NULL
);
CREATE INDEX sessions_expires ON sessions (expires_at);
