-- The credentials this host presents to other Mobitopolo hosts: one token per host, issued by that
-- host for the peer role. Unlike a session's token it must be presented, so it is kept as it is:
-- whoever reads this table can act as this host towards its peers. Times are epoch milliseconds.
CREATE TABLE peers (
    url        VARCHAR(255) NOT NULL PRIMARY KEY,
    token      VARCHAR(64)  NOT NULL,
    identity   VARCHAR(255) NOT NULL,
    added_at   BIGINT       NOT NULL,
    expires_at BIGINT       NOT NULL
);
