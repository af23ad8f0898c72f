SET threads = $threads;
