-- A module of StoreIT, migrated through the class loader of the test's own bundle (Pax Exam's probe).
CREATE TABLE note (
    id   INTEGER      NOT NULL PRIMARY KEY,
    text VARCHAR(200) NOT NULL
);
INSERT INTO note (id, text) VALUES (1, 'kept across restarts');
