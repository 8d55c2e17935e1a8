-- The module's second version: items have owners.
ALTER TABLE item ADD COLUMN owner VARCHAR(100);
UPDATE item SET owner = 'nobody';
