docker images -q
