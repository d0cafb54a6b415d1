docker inspect --format '{{.Id}}' exited
