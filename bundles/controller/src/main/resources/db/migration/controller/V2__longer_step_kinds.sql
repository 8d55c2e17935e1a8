-- Step kinds grew past 16 characters (CONFIGURE_SERVICES).
ALTER TABLE run_steps ALTER COLUMN kind SET DATA TYPE VARCHAR(32);
