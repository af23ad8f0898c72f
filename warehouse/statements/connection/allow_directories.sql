-- The directories (each ending in /) a sandboxed connection may still read and write files
-- under ($directories), set before `seal` turns external access off.
SET allowed_directories = $directories;
