-- A sandboxed connection: no file, network or extension beyond the warehouse and the
-- allowed directories, and the configuration locked so no query can turn it back on.
SET enable_external_access = false;
SET lock_configuration = true;
