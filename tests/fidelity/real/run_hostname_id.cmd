docker inspect --format '{{.Id}}' hn
