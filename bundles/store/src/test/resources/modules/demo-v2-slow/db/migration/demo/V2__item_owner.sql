-- The module's second version, taking its time (PostgreSQL only): while it runs, whoever else
-- migrates this module must wait for it.
SELECT pg_sleep(1);
ALTER TABLE item ADD COLUMN owner VARCHAR(100);
UPDATE item SET owner = 'nobody';
