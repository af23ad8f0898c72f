-- The connection's thread setting, restored after a load (see `load._one_thread`).
SELECT current_setting('threads');
