-- Every runtime (Karaf instance) that uses the store, one row each: runtimes sharing a PostgreSQL
-- database see each other here. The id is kept in the runtime's data directory.
CREATE TABLE instance (
    id            VARCHAR(64)              NOT NULL PRIMARY KEY,
    name          VARCHAR(128)             NOT NULL,
    host          VARCHAR(255)             NOT NULL,
    first_started TIMESTAMP WITH TIME ZONE NOT NULL,
    last_started  TIMESTAMP WITH TIME ZONE NOT NULL,
    starts        BIGINT                   NOT NULL
);
