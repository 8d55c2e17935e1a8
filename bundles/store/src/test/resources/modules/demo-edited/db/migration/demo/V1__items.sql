-- A module of the tests: its items.
CREATE TABLE item (
    id   INTEGER      NOT NULL PRIMARY KEY,
    name VARCHAR(100) NOT NULL
);

INSERT INTO item (id, name) VALUES (1, 'changed after it was applied');
