-- A second version that fails halfway: its first statement must not survive it.
CREATE TABLE half_done (id INTEGER);
INSERT INTO no_such_table VALUES (1);
